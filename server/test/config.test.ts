/**
 * The configuration is checked at start: a bad value stops the server at once with a French and
 * English message naming the variable, and a non-zero exit code.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { runToExit } from './spawn.ts';

describe('configuration at start', () => {
  it.each([
    ['PORT', 'abc'],
    ['STORE_DEBOUNCE_MS', '-1'],
    ['DATABASE_URL', 'mysql://pilotis:s3cret@db/pilotis'],
  ])('exits with a message naming %s=%s', async (name, value) => {
    const { code, output } = await runToExit({ [name]: value });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain('Configuration invalide');
    expect(output).toContain('Invalid configuration');
    expect(output).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
    expect(output).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(output).not.toContain('s3cret'); // a URL's password is never printed back
  });

  it('names every bad variable at once, in French and English', () => {
    const error = (() => {
      try {
        loadConfig({
          PORT: '70000',
          LOG_LEVEL: 'bavard',
          COOKIE_SECURE: 'oui',
          SIGNUPS_PER_HOUR: '2,5',
        });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'LOG_LEVEL', 'COOKIE_SECURE', 'SIGNUPS_PER_HOUR']) {
      expect(message).toContain(`${name} = «`);
      expect(message).toContain(`${name}: expected`);
    }
  });

  it('reads good values, with the defaults for what is unset or empty', () => {
    const config = loadConfig({
      PORT: '8080',
      STORE_DEBOUNCE_MS: '0',
      DATABASE_URL: 'postgres://pilotis@127.0.0.1/pilotis',
      ALLOWED_ORIGINS: 'https://salle.exemple.fr, http://192.168.1.20:3000',
      SMTP_FROM: 'Coopérative de l’Étang <contact@etang.coop>',
      LOG_LEVEL: '',
    });
    expect(config.port).toBe(8080);
    expect(config.storeDebounceMs).toBe(0);
    expect(config.databaseUrl).toBe('postgres://pilotis@127.0.0.1/pilotis');
    expect(config.allowedOrigins).toEqual(['https://salle.exemple.fr', 'http://192.168.1.20:3000']);
    expect(config.smtpFrom).toBe('Coopérative de l’Étang <contact@etang.coop>');
    expect(config.logLevel).toBe('warn');
    expect(config.signupsPerHour).toBe(30);
  });
});
