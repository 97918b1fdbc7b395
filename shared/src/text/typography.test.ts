import { describe, expect, it } from 'vitest';
import { frenchTypography } from './typography.ts';

describe('frenchTypography', () => {
  it('puts no-break spaces where French typography wants them', () => {
    expect(frenchTypography('Est-ce satisfaisant?')).toBe('Est-ce satisfaisant\u202f?');
    expect(frenchTypography('Objectif : 40 %')).toBe('Objectif\u00a0: 40 %');
    expect(frenchTypography('« oui »')).toBe('«\u00a0oui\u00a0»');
    expect(frenchTypography('Déjà bon\u202f?')).toBe('Déjà bon\u202f?');
  });
});
