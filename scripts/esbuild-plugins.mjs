// esbuild plugins shared by the CLI's bundle (bundle.mjs) and the unit tests' (bundle-unit-tests.mjs).
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

/** Native addons stay where npm built them; a bundle requires them by package path. */
export const nativeAddons = {
  name: 'native-addons',
  setup(b) {
    b.onResolve({ filter: /\/sshcrypto\.node$/ }, () => ({ path: 'ssh2/lib/protocol/crypto/build/Release/sshcrypto.node', external: true }));
  },
};

/**
 * Each of our compiled modules keeps its own import.meta.url, the file it was compiled to, so that
 * paths it finds relative to itself (fixtures, images/, bin/) are the same bundled or not.
 */
export const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\/dist\/(src|tests)\/.*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'js' };
    });
  },
};
