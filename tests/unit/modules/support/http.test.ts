/**
 * parseHttp on what the host's client printed when it gave no answer at all (no trailer): the error
 * text is the client's error lines, else its stderr, else "no response"; never empty.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { infoMessage, parseHttp } from '../../../../src/modules/support/http.js';

// A client killed before its trailer (a run time exceeded, a crash) may print nothing, or only a line
// that is no curl error: the message must still say something.
test('no trailer: the error is the stderr when it holds no error line, "no response" when it is empty', () => {
  const silent = parseHttp('', '', 'http://host/x');
  assert.deepEqual([silent.status, silent.error], [-1, 'no response']);
  assert.equal(infoMessage(silent), 'Request failed: <urlopen error no response>');
  const crashed = parseHttp('half a bo', 'Segmentation fault\n', 'http://host/x');
  assert.deepEqual([crashed.status, crashed.error], [-1, 'Segmentation fault']);
  const curl = parseHttp('', 'curl: (7) Failed to connect\nsomething else\n', 'http://host/x');
  assert.deepEqual([curl.status, curl.error], [-1, 'Failed to connect']);
});
