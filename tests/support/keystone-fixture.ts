/** Keystone served by Apache mod_wsgi on SQLite: the config files the image tests give the keystone image. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../../tests/fixtures/images/keystone/', import.meta.url));

export const KEYSTONE_CONF = readFileSync(`${dir}keystone.conf`, 'utf8');
export const WSGI_KEYSTONE_CONF = readFileSync(`${dir}wsgi-keystone.conf`, 'utf8');
