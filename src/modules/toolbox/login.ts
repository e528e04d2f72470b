/**
 * The connection options every community.mysql module takes (its
 * mysql_common_argument_spec), as zod fields, and the `mariadb` client's
 * command line they give. The password is not on that line: it travels in
 * the client's environment (MYSQL_PWD).
 */
import { z } from 'zod';
import { bool, int } from '../support/params.js';

export const loginFields = {
  login_user: z.string().optional(),
  login_password: z.string().optional(),
  login_host: z.string().default('localhost'),
  login_port: int(0).refine((n) => n <= 65535, 'login_port must be a valid unix port number (0-65535)').default(3306),
  login_unix_socket: z.string().optional(),
  connect_timeout: int(1).default(30),
  config_file: z.string().optional(),
  ca_cert: z.string().optional(),
  client_cert: z.string().optional(),
  client_key: z.string().optional(),
  check_hostname: bool().optional(),
};

/** community.mysql's aliases for the connection options. */
export const LOGIN_ALIASES: Readonly<Record<string, string>> = { ssl_ca: 'ca_cert', ssl_cert: 'client_cert', ssl_key: 'client_key' };

const loginSchema = z.object(loginFields);
export type Login = z.infer<typeof loginSchema>;

/**
 * The client's arguments: batch mode with XML output (NULL told apart from
 * text), no client commands read from the input (--binary-mode), UTF-8
 * both ways, and the connection options. `database` is the default schema.
 */
export function clientArgv(login: Login, database?: string): string[] {
  const argv = ['mariadb'];
  // The client requires an extra option file first.
  if (login.config_file !== undefined) argv.push(`--defaults-extra-file=${login.config_file}`);
  argv.push('--batch', '--xml', '--binary-mode', '--default-character-set=utf8mb4');
  if (login.login_unix_socket !== undefined) argv.push('--protocol=SOCKET', `--socket=${login.login_unix_socket}`);
  // PyMySQL connects over TCP even to 'localhost' (the client alone would take the socket).
  else argv.push('--protocol=TCP', `--host=${login.login_host}`, `--port=${login.login_port}`);
  if (login.login_user !== undefined) argv.push(`--user=${login.login_user}`);
  argv.push(`--connect-timeout=${login.connect_timeout}`);
  if (login.ca_cert !== undefined) argv.push('--ssl', `--ssl-ca=${login.ca_cert}`);
  if (login.client_cert !== undefined) argv.push(`--ssl-cert=${login.client_cert}`);
  if (login.client_key !== undefined) argv.push(`--ssl-key=${login.client_key}`);
  if (login.check_hostname === true) argv.push('--ssl-verify-server-cert');
  if (database !== undefined) argv.push(`--database=${database}`);
  return argv;
}

/** The client's environment: the password, when one is given. */
export function clientEnv(login: Login): Record<string, string> {
  return login.login_password !== undefined ? { MYSQL_PWD: login.login_password } : {};
}
