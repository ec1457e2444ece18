// Digits and dates typed by people: Persian and Arabic-Indic digits become
// ASCII; Solar Hijri dates typed in Persian become ISO dates, agreeing with
// Intl's persian calendar day by day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiDigits, persianDigits, jalaliToIso, dateInputToIso, asciiDecimal, scoreValue } from '../../web/lib/text.js';

test('Persian and Arabic-Indic digits normalise to ASCII', () => {
  assert.equal(asciiDigits('۰۰۱۲۳۴۵۶۷۹'), '0012345679');
  assert.equal(asciiDigits('٠٠١٢٣٤٥٦٧٩'), '0012345679');
  assert.equal(asciiDigits('کلاس ۳-الف'), 'کلاس 3-الف');
  assert.equal(persianDigits('2026'), '۲۰۲۶');
});

test('Solar Hijri to ISO agrees with Intl for 1300–1500 AP', () => {
  const f = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
  const wrong = [];
  for (let t = Date.UTC(1921, 2, 21); t < Date.UTC(2121, 2, 21); t += 86400000) {
    const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    const iso = new Date(t).toISOString().slice(0, 10);
    if (jalaliToIso(parseInt(p.year, 10), Number(p.month), Number(p.day)) !== iso) wrong.push(iso);
  }
  assert.deepEqual(wrong.slice(0, 5), []);
  assert.equal(jalaliToIso(1403, 12, 30), '2025-03-20'); // 1403 is a leap year
  assert.equal(jalaliToIso(1402, 12, 30), null);
  assert.equal(jalaliToIso(1402, 7, 31), null);
});

test('a typed date becomes ISO', () => {
  assert.equal(dateInputToIso('۱۳۹۴/۰۱/۱۳', 'fa'), '2015-04-02');
  assert.equal(dateInputToIso('2015-4-2', 'en'), '2015-04-02');
  assert.equal(dateInputToIso('٢٠١٥-٠٤-٠٢', 'fa'), '2015-04-02');
  assert.equal(dateInputToIso('tomorrow', 'vi'), 'tomorrow');
});

test('a typed score: Persian digits and decimal separator, a decimal comma, empty erases', () => {
  assert.equal(asciiDecimal('۱۸٫۵'), '18.5');
  assert.equal(asciiDecimal('١٧٫٢٥'), '17.25');
  assert.equal(asciiDecimal(' 8,5 '), '8.5');
  assert.equal(scoreValue('۱۸٫۷۵'), 18.75);
  assert.equal(scoreValue('8,5'), 8.5);
  assert.equal(scoreValue('10'), 10);
  assert.equal(scoreValue('.5'), 0.5);
  assert.equal(scoreValue('  '), null);
  assert.equal(scoreValue('۱۸٫۵x'), '18.5x'); // sent as text: the API says what is wrong
  assert.equal(scoreValue('-1'), '-1');
  assert.equal(JSON.stringify(scoreValue('۸٫۳')), '8.3');
});
