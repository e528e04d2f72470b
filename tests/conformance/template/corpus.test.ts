/** The template corpus against ansible-core, all but the password_hash cases (corpus-crypt.test.ts). */
import { describeCorpus } from './corpus.js';

await describeCorpus('template corpus (differential against ansible-core)', (id) => !id.startsWith('password_hash'), 80);
