import { describe, expect, it } from 'vitest';
import { SekishoError } from '../../shared/errors.js';
import { explainBindingFailure } from './explain-binding-failure.js';

describe('explainBindingFailure', () => {
  it('names the missing binding and the allowScripts fix when the install script never ran', () => {
    const error = new Error(
      'Could not locate the bindings file. Tried:\n → /app/node_modules/better-sqlite3/build/better_sqlite3.node',
    );
    const explained = explainBindingFailure(error);
    expect(explained).toBeInstanceOf(SekishoError);
    expect(explained).toMatchObject({ code: 'SQLITE_BINDING_MISSING', cause: error });
    expect((explained as Error).message).toContain('"allowScripts": {"better-sqlite3": true}');
    expect((explained as Error).message).toContain('npm rebuild better-sqlite3');
  });

  it('says the binding was built for another Node.js when dlopen refuses it', () => {
    const error = Object.assign(
      new Error(
        "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node' was compiled against a different Node.js version",
      ),
      { code: 'ERR_DLOPEN_FAILED' },
    );
    expect(explainBindingFailure(error)).toMatchObject({
      code: 'SQLITE_BINDING_MISSING',
      message: expect.stringContaining(`does not load in Node.js ${process.versions.node}`),
    });
  });

  it('returns any other error as it is', () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(explainBindingFailure(busy)).toBe(busy);
  });
});
