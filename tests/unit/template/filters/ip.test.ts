/**
 * filters/ip.ts: addresses as Python's ipaddress.ip_address reads and prints
 * them (kolla_address, put_address_in_context). Expected values are Python
 * 3.11's str(ip_address(text)), .exploded and .is_loopback.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ipv6Exploded, isLoopbackAddress, parseIpAddress } from '../../../../src/template/filters/ip.js';
import { TemplateError } from '../../../../src/template/values.js';

/** [text, str(ip_address(text)) or null where Python raises ValueError, .exploded (IPv6 without a scope), .is_loopback] */
type Row = [string, string | null, string | null, boolean | null];

const IPV4: Row[] = [
  ["1.2.3.4", "1.2.3.4", null, false],
  ["0.0.0.0", "0.0.0.0", null, false],
  ["255.255.255.255", "255.255.255.255", null, false],
  ["256.1.1.1", null, null, null],
  ["1.2.3.256", null, null, null],
  ["1.2.3", null, null, null],
  ["1.2.3.4.5", null, null, null],
  ["01.2.3.4", null, null, null],
  ["1.2.3.04", null, null, null],
  ["0.1.2.3", "0.1.2.3", null, false],
  ["1.2.3.0", "1.2.3.0", null, false],
  ["1234.1.1.1", null, null, null],
  ["1.2.3.-1", null, null, null],
  ["1.2.3.a", null, null, null],
  ["1.2.3.", null, null, null],
  [" 1.2.3.4", null, null, null],
  ["1.2.3.4 ", null, null, null],
  ["127.0.0.1", "127.0.0.1", null, true],
  ["127.255.255.254", "127.255.255.254", null, true],
  ["126.0.0.1", "126.0.0.1", null, false],
  ["128.0.0.1", "128.0.0.1", null, false],
  ["1%eth0", null, null, null],
  ["", null, null, null],
  ["1.2.3.4%x", null, null, null],
];

const IPV6: Row[] = [
  ["::", "::", "0000:0000:0000:0000:0000:0000:0000:0000", false],
  ["::1", "::1", "0000:0000:0000:0000:0000:0000:0000:0001", true],
  ["1::", "1::", "0001:0000:0000:0000:0000:0000:0000:0000", false],
  ["::0.0.0.1", "::1", "0000:0000:0000:0000:0000:0000:0000:0001", true],
  ["1::2", "1::2", "0001:0000:0000:0000:0000:0000:0000:0002", false],
  ["1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", "0001:0002:0003:0004:0005:0006:0007:0008", false],
  ["1:2:3:4:5:6:7", null, null, null],
  ["1:2:3:4:5:6:7:8:9", null, null, null],
  ["1::2::3", null, null, null],
  ["1:0:0:2:0:0:0:3", "1:0:0:2::3", "0001:0000:0000:0002:0000:0000:0000:0003", false],
  ["1:0:0:0:2:0:0:3", "1::2:0:0:3", "0001:0000:0000:0000:0002:0000:0000:0003", false],
  ["0:0:1:0:0:1:0:0", "::1:0:0:1:0:0", "0000:0000:0001:0000:0000:0001:0000:0000", false],
  ["1:0:2:0:3:0:4:0", "1:0:2:0:3:0:4:0", "0001:0000:0002:0000:0003:0000:0004:0000", false],
  ["1:0:0:2:3:4:5:6", "1::2:3:4:5:6", "0001:0000:0000:0002:0003:0004:0005:0006", false],
  ["0:0:0:0:0:0:0:0", "::", "0000:0000:0000:0000:0000:0000:0000:0000", false],
  ["0:0:0:0:0:0:0:1", "::1", "0000:0000:0000:0000:0000:0000:0000:0001", true],
  ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0", "0001:0002:0003:0004:0005:0006:0007:0000", false],
  ["::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8", "0000:0002:0003:0004:0005:0006:0007:0008", false],
  ["1:2:3::5:6:7:8", "1:2:3:0:5:6:7:8", "0001:0002:0003:0000:0005:0006:0007:0008", false],
  ["1:2:3:4::5:6:7:8", null, null, null],
  ["::ffff:1.2.3.4", "::ffff:102:304", "0000:0000:0000:0000:0000:ffff:0102:0304", false],
  ["::ffff:01.2.3.4", null, null, null],
  ["::ffff:1.2.3", null, null, null],
  ["1.2.3.4::", null, null, null],
  ["1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304", "0001:0002:0003:0004:0005:0006:0102:0304", false],
  ["1:2:3:4:5:6:7:1.2.3.4", null, null, null],
  ["::1.2.3.4:5", null, null, null],
  ["FE80::ABCD", "fe80::abcd", "fe80:0000:0000:0000:0000:0000:0000:abcd", false],
  ["fe80::1%eth0", "fe80::1%eth0", null, false],
  ["fe80::1%", null, null, null],
  ["fe80::1%a%b", null, null, null],
  ["fe80::12345", null, null, null],
  ["fe80::g", null, null, null],
  ["fe80:::1", null, null, null],
  [":1::2", null, null, null],
  ["1::2:", null, null, null],
  ["::1:", null, null, null],
  ["1:2:3:4:5:6:7:8%x", "1:2:3:4:5:6:7:8%x", null, false],
  ["0::0:1", "::1", "0000:0000:0000:0000:0000:0000:0000:0001", true],
  ["a:b:c:d:e:f:0:0", "a:b:c:d:e:f::", "000a:000b:000c:000d:000e:000f:0000:0000", false],
  ["0:0:a:b:c:d:e:f", "::a:b:c:d:e:f", "0000:0000:000a:000b:000c:000d:000e:000f", false],
  ["::ffff:255.255.255.255", "::ffff:ffff:ffff", "0000:0000:0000:0000:0000:ffff:ffff:ffff", false],
  ["::7f00:1", "::7f00:1", "0000:0000:0000:0000:0000:0000:7f00:0001", false],
  ["0:0:0:0:0:0:0:2", "::2", "0000:0000:0000:0000:0000:0000:0000:0002", false],
  ["1:0:0:0:0:0:0:1", "1::1", "0001:0000:0000:0000:0000:0000:0000:0001", false],
  ["0:0:0:0:0:0:1:1", "::1:1", "0000:0000:0000:0000:0000:0000:0001:0001", false],
  [":", null, null, null],
  ["::1%x", "::1%x", null, true],
  ["fe80::1%a/b", null, null, null],
  ["0:0:0:0:0:0:0:1%1", "::1%1", null, true],
  ["0:0:0:0:0:0:1:0", "::1:0", "0000:0000:0000:0000:0000:0000:0001:0000", false],
  ["1:0:0:0:0:0:0:0", "1::", "0001:0000:0000:0000:0000:0000:0000:0000", false],
];

function check(rows: Row[]): void {
  for (const [text, printed, exploded, loopback] of rows) {
    const ip = parseIpAddress(text);
    assert.equal(ip?.text ?? null, printed, JSON.stringify(text));
    if (ip === undefined) {
      assert.throws(() => isLoopbackAddress(text), (e: unknown) => e instanceof TemplateError && e.message === `'${text}' does not appear to be an IPv4 or IPv6 address`);
      continue;
    }
    assert.equal(isLoopbackAddress(text), loopback, `${text} is_loopback`);
    if (exploded !== null) assert.equal(ipv6Exploded(ip), exploded, `${text} exploded`);
  }
}

test('an IPv4 address is four decimal octets up to 255, with no leading zero; 127/8 is loopback', () => check(IPV4));

test("an IPv6 address: eight groups or one '::', a dotted quad only last, a scope after '%'; printed with the longest zero run as '::'", () => check(IPV6));
