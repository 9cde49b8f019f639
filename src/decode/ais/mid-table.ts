/**
 * Maritime Identification Digits: the flag (or geographical area) of an
 * MMSI, as data.
 *
 * Source: ITU, "Table of Maritime Identification Digits (MID)" (ITU-R
 * MARS, the list behind ITU-R M.585-9 and Radio Regulations Appendix 43),
 * every MID allocated to 2024, one row per MID; ISO 3166-1 alpha-2 code of
 * the country or territory named (a territory with its own code gets it:
 * Bermuda BM, Réunion RE; French Southern lands TF). MID 306 is shared by
 * Curaçao, Sint Maarten and Bonaire/Sint Eustatius/Saba; it is given as CW.
 * To update, edit the rows: `MID ISO2 name`.
 */

const MID_ROWS = `
201 AL Albania
202 AD Andorra
203 AT Austria
204 PT Portugal (Azores)
205 BE Belgium
206 BY Belarus
207 BG Bulgaria
208 VA Vatican City State
209 CY Cyprus
210 CY Cyprus
211 DE Germany
212 CY Cyprus
213 GE Georgia
214 MD Moldova
215 MT Malta
216 AM Armenia
218 DE Germany
219 DK Denmark
220 DK Denmark
224 ES Spain
225 ES Spain
226 FR France
227 FR France
228 FR France
229 MT Malta
230 FI Finland
231 FO Faroe Islands
232 GB United Kingdom
233 GB United Kingdom
234 GB United Kingdom
235 GB United Kingdom
236 GI Gibraltar
237 GR Greece
238 HR Croatia
239 GR Greece
240 GR Greece
241 GR Greece
242 MA Morocco
243 HU Hungary
244 NL Netherlands
245 NL Netherlands
246 NL Netherlands
247 IT Italy
248 MT Malta
249 MT Malta
250 IE Ireland
251 IS Iceland
252 LI Liechtenstein
253 LU Luxembourg
254 MC Monaco
255 PT Portugal (Madeira)
256 MT Malta
257 NO Norway
258 NO Norway
259 NO Norway
261 PL Poland
262 ME Montenegro
263 PT Portugal
264 RO Romania
265 SE Sweden
266 SE Sweden
267 SK Slovakia
268 SM San Marino
269 CH Switzerland
270 CZ Czechia
271 TR Türkiye
272 UA Ukraine
273 RU Russian Federation
274 MK North Macedonia
275 LV Latvia
276 EE Estonia
277 LT Lithuania
278 SI Slovenia
279 RS Serbia
301 AI Anguilla
303 US United States (Alaska)
304 AG Antigua and Barbuda
305 AG Antigua and Barbuda
306 CW Curaçao, Sint Maarten, Bonaire, Sint Eustatius and Saba
307 AW Aruba
308 BS Bahamas
309 BS Bahamas
310 BM Bermuda
311 BS Bahamas
312 BZ Belize
314 BB Barbados
316 CA Canada
319 KY Cayman Islands
321 CR Costa Rica
323 CU Cuba
325 DM Dominica
327 DO Dominican Republic
329 GP Guadeloupe
330 GD Grenada
331 GL Greenland
332 GT Guatemala
334 HN Honduras
336 HT Haiti
338 US United States
339 JM Jamaica
341 KN Saint Kitts and Nevis
343 LC Saint Lucia
345 MX Mexico
347 MQ Martinique
348 MS Montserrat
350 NI Nicaragua
351 PA Panama
352 PA Panama
353 PA Panama
354 PA Panama
355 PA Panama
356 PA Panama
357 PA Panama
358 PR Puerto Rico
359 SV El Salvador
361 PM Saint Pierre and Miquelon
362 TT Trinidad and Tobago
364 TC Turks and Caicos Islands
366 US United States
367 US United States
368 US United States
369 US United States
370 PA Panama
371 PA Panama
372 PA Panama
373 PA Panama
374 PA Panama
375 VC Saint Vincent and the Grenadines
376 VC Saint Vincent and the Grenadines
377 VC Saint Vincent and the Grenadines
378 VG British Virgin Islands
379 VI United States Virgin Islands
401 AF Afghanistan
403 SA Saudi Arabia
405 BD Bangladesh
408 BH Bahrain
410 BT Bhutan
412 CN China
413 CN China
414 CN China
416 TW Taiwan
417 LK Sri Lanka
419 IN India
422 IR Iran
423 AZ Azerbaijan
425 IQ Iraq
428 IL Israel
431 JP Japan
432 JP Japan
434 TM Turkmenistan
436 KZ Kazakhstan
437 UZ Uzbekistan
438 JO Jordan
440 KR Korea (Republic of)
441 KR Korea (Republic of)
443 PS Palestine
445 KP Korea (Democratic People's Republic of)
447 KW Kuwait
450 LB Lebanon
451 KG Kyrgyzstan
453 MO Macao
455 MV Maldives
457 MN Mongolia
459 NP Nepal
461 OM Oman
463 PK Pakistan
466 QA Qatar
468 SY Syria
470 AE United Arab Emirates
471 AE United Arab Emirates
472 TJ Tajikistan
473 YE Yemen
475 YE Yemen
477 HK Hong Kong
478 BA Bosnia and Herzegovina
501 TF Adélie Land
503 AU Australia
506 MM Myanmar
508 BN Brunei Darussalam
510 FM Micronesia
511 PW Palau
512 NZ New Zealand
514 KH Cambodia
515 KH Cambodia
516 CX Christmas Island
518 CK Cook Islands
520 FJ Fiji
523 CC Cocos (Keeling) Islands
525 ID Indonesia
529 KI Kiribati
531 LA Lao People's Democratic Republic
533 MY Malaysia
536 MP Northern Mariana Islands
538 MH Marshall Islands
540 NC New Caledonia
542 NU Niue
544 NR Nauru
546 PF French Polynesia
548 PH Philippines
550 TL Timor-Leste
553 PG Papua New Guinea
555 PN Pitcairn Islands
557 SB Solomon Islands
559 AS American Samoa
561 WS Samoa
563 SG Singapore
564 SG Singapore
565 SG Singapore
566 SG Singapore
567 TH Thailand
570 TO Tonga
572 TV Tuvalu
574 VN Viet Nam
576 VU Vanuatu
577 VU Vanuatu
578 WF Wallis and Futuna
601 ZA South Africa
603 AO Angola
605 DZ Algeria
607 TF Saint Paul and Amsterdam Islands
608 SH Ascension Island
609 BI Burundi
610 BJ Benin
611 BW Botswana
612 CF Central African Republic
613 CM Cameroon
615 CG Congo
616 KM Comoros
617 CV Cabo Verde
618 TF Crozet Archipelago
619 CI Côte d'Ivoire
620 KM Comoros
621 DJ Djibouti
622 EG Egypt
624 ET Ethiopia
625 ER Eritrea
626 GA Gabon
627 GH Ghana
629 GM Gambia
630 GW Guinea-Bissau
631 GQ Equatorial Guinea
632 GN Guinea
633 BF Burkina Faso
634 KE Kenya
635 TF Kerguelen Islands
636 LR Liberia
637 LR Liberia
638 SS South Sudan
642 LY Libya
644 LS Lesotho
645 MU Mauritius
647 MG Madagascar
649 ML Mali
650 MZ Mozambique
654 MR Mauritania
655 MW Malawi
656 NE Niger
657 NG Nigeria
659 NA Namibia
660 RE Réunion
661 RW Rwanda
662 SD Sudan
663 SN Senegal
664 SC Seychelles
665 SH Saint Helena
666 SO Somalia
667 SL Sierra Leone
668 ST Sao Tome and Principe
669 SZ Eswatini
670 TD Chad
671 TG Togo
672 TN Tunisia
674 TZ Tanzania
675 UG Uganda
676 CD Congo (Democratic Republic of the)
677 TZ Tanzania
678 ZM Zambia
679 ZW Zimbabwe
701 AR Argentina
710 BR Brazil
720 BO Bolivia
725 CL Chile
730 CO Colombia
735 EC Ecuador
740 FK Falkland Islands
745 GF French Guiana
750 GY Guyana
755 PY Paraguay
760 PE Peru
765 SR Suriname
770 UY Uruguay
775 VE Venezuela
`;

export interface MidEntry {
  iso2: string;
  country: string;
}

/** Index = MID (201–775). */
const BY_MID: (MidEntry | undefined)[] = new Array(800);
for (const row of MID_ROWS.split('\n')) {
  if (row === '') continue;
  BY_MID[Number(row.slice(0, 3))] = { iso2: row.slice(4, 6), country: row.slice(7) };
}

/** Every MID in the table (for tests and listings). */
export function listMids(): number[] {
  const mids: number[] = [];
  BY_MID.forEach((e, mid) => {
    if (e !== undefined) mids.push(mid);
  });
  return mids;
}

/**
 * The MID of an MMSI (ITU-R M.585-9), or -1 when it has none:
 * - `MIDxxxxxx` (first digit 2–7): ship station;
 * - `0MIDxxxxx` group of ships, `00MIDxxxx` coast station;
 * - `111MIDxxx` SAR aircraft;
 * - `8MIDxxxxx` handheld VHF with DSC and GNSS;
 * - `98MIDxxxx` craft associated with a parent ship, `99MIDxxxx` aid to navigation;
 * - `970`/`972`/`974` (AIS-SART, MOB, EPIRB) carry a manufacturer, not a MID.
 */
export function midOf(mmsi: number): number {
  if (!Number.isInteger(mmsi) || mmsi < 0 || mmsi > 999_999_999) return -1;
  if (mmsi >= 200_000_000 && mmsi < 800_000_000) return Math.floor(mmsi / 1_000_000);
  if (mmsi < 10_000_000) return Math.floor(mmsi / 10_000); // 00MIDxxxx
  if (mmsi < 100_000_000) return Math.floor(mmsi / 100_000); // 0MIDxxxxx
  if (mmsi >= 111_000_000 && mmsi < 112_000_000) return Math.floor(mmsi / 1000) % 1000;
  if (mmsi >= 800_000_000 && mmsi < 900_000_000) return Math.floor(mmsi / 100_000) % 1000;
  if (mmsi >= 980_000_000) return Math.floor(mmsi / 10_000) % 1000;
  return -1;
}

/** Flag state (or area) of an MMSI from its MID; undefined when it has none or it is not allocated. */
export function lookupFlag(mmsi: number): { iso2: string; country: string } | undefined {
  const mid = midOf(mmsi);
  return mid < 0 ? undefined : BY_MID[mid];
}
