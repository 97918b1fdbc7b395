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
