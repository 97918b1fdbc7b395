import { describe, expect, it } from 'vitest';
import { frenchApostrophes, frenchTypography } from './typography.ts';

describe('frenchTypography', () => {
  it('puts no-break spaces where French typography wants them', () => {
    expect(frenchTypography('Est-ce satisfaisant?')).toBe('Est-ce satisfaisant\u202f?');
    expect(frenchTypography('Objectif : 40 %')).toBe('Objectif\u00a0: 40 %');
    expect(frenchTypography('« oui »')).toBe('«\u00a0oui\u00a0»');
    expect(frenchTypography('Déjà bon\u202f?')).toBe('Déjà bon\u202f?');
  });
});

describe('frenchTypography of typed text', () => {
  it.each([
    ['Est-ce lisible ?', 'Est-ce lisible\u202f?'],
    [
      'Bilan : 80 % ; en baisse !',
      'Bilan\u00a0: 80\u202f% ; en baisse\u202f!'.replace(' ;', '\u202f;'),
    ],
    ['« lisible »', '«\u00a0lisible\u00a0»'],
    ['budget de 1 500 € sur 15 jours', 'budget de 1\u202f500\u00a0€ sur 15\u00a0jours'],
    ['site.fr?a=1 à 12:30 ;)', 'site.fr?a=1 à 12:30\u202f;)'],
    ['Pourquoi ?\nParce que', 'Pourquoi\u202f?\nParce que'],
    ['Déjà bon\u202f?', 'Déjà bon\u202f?'],
    ['5 membres', '5 membres'],
    ['3 mots', '3 mots'],
  ])('%j → %j', (input, output) => {
    expect(frenchTypography(input, 'typed')).toBe(output);
  });

  it('is idempotent', () => {
    const once = frenchTypography('Quoi ? 1 500 € « oui » : 80 %', 'typed');
    expect(frenchTypography(once, 'typed')).toBe(once);
  });
});

describe('frenchApostrophes', () => {
  it.each([
    ["l'assemblée d'été", 'l’assemblée d’été'],
    ['aujourd‘hui', 'aujourd’hui'],
    ['L`AG', 'L’AG'],
    ['déjà ’ typographique', 'déjà ’ typographique'],
    ["'entre guillemets' ici", "'entre guillemets' ici"],
  ])('%j → %j', (input, output) => {
    expect(frenchApostrophes(input)).toBe(output);
  });
});
