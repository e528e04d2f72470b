/** The template corpus's password_hash cases against ansible-core: apart, for their seconds of hashing (corpus.ts). */
import { describeCorpus } from './corpus.js';

await describeCorpus('template corpus, password_hash (differential against ansible-core)', (id) => id.startsWith('password_hash'), 2);
