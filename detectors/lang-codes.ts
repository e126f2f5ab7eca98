/**
 * Language codes: every language the project stores is an ISO 639-3 code (`und` when none can be
 * told). lid.176 names its languages by Wikipedia code and franc by ISO 639-3 individual language;
 * both are brought to one code per language here, so that the two models, the declared languages of
 * pages and the reports agree.
 *
 * Macrolanguages. lid.176 learnt from one Wikipedia per code, so a code names what that Wikipedia is
 * written in: `no` is Bokmål (`nob`) beside `nn` Nynorsk (`nno`); `sh` is the mixed Serbo-Croatian
 * Wikipedia and stays the macrolanguage `hbs` beside `srp`, `hrv` and `bos`; `ms` (Malay) stays
 * `msa` beside `ind`; `zh` stays `zho` beside `yue` and `wuu`; `ar` stays `ara` beside `arz`.
 * franc's individual codes that lid.176 only knows as a macrolanguage (`pes` Persian, `arb` Arabic,
 * `zlm` Malay, `uzn` Uzbek, ...) are written as that macrolanguage. `macrolanguageOf` groups the
 * members with their macrolanguage, for callers that must not count Bokmål and Nynorsk apart.
 */

/** lid.176's labels and their ISO 639-3 codes (from the package's table, with `no`, `nn` and `ckb` corrected). */
const LID_CODES: Record<string, string> = Object.fromEntries(
  (
    'af:afr als:gsw am:amh an:arg ar:ara arz:arz as:asm ast:ast av:ava az:aze azb:azb ba:bak bar:bar bcl:bcl ' +
    'be:bel bg:bul bh:bih bn:ben bo:bod bpy:bpy br:bre bs:bos bxr:bxr ca:cat cbk:cbk ce:che ceb:ceb ckb:ckb ' +
    'co:cos cs:ces cv:chv cy:cym da:dan de:deu diq:zza dsb:dsb dty:dty dv:div el:ell eml:eml en:eng eo:epo ' +
    'es:spa et:est eu:eus fa:fas fi:fin fr:fra frr:frr fy:fry ga:gle gd:gla gl:glg gn:grn gom:gom gu:guj ' +
    'gv:glv he:heb hi:hin hif:hif hr:hrv hsb:hsb ht:hat hu:hun hy:hye ia:ina id:ind ie:ile ilo:ilo io:ido ' +
    'is:isl it:ita ja:jpn jbo:jbo jv:jav ka:kat kk:kaz km:khm kn:kan ko:kor krc:krc ku:kmr kv:kom kw:cor ' +
    'ky:kir la:lat lb:ltz lez:lez li:lim lmo:lmo lo:lao lrc:lrc lt:lit lv:lav mai:mai mg:mlg mhr:mhr ' +
    'min:min mk:mkd ml:mal mn:mon mr:mar mrj:mrj ms:msa mt:mlt mwl:mwl my:mya myv:myv mzn:mzn nah:nah ' +
    'nap:nap nds:nds ne:nep new:new nl:nld nn:nno no:nob oc:oci or:ory os:oss pa:pan pam:pam pfl:pfl ' +
    'pl:pol pms:pms pnb:pnb ps:pus pt:por qu:que rm:roh ro:ron ru:rus rue:rue sa:san sah:sah sc:srd ' +
    'scn:scn sco:sco sd:snd sh:hbs si:sin sk:slk sl:slv so:som sq:sqi sr:srp su:sun sv:swe sw:swa ta:tam ' +
    'te:tel tg:tgk th:tha tk:tuk tl:tgl tr:tur tt:tat tyv:tyv ug:uig uk:ukr ur:urd uz:uzb vec:vec vep:vep ' +
    'vi:vie vls:vls vo:vol wa:wln war:war wuu:wuu xal:xal xmf:xmf yi:yid yo:yor yue:yue zh:zho'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

/**
 * Individual languages written as the code the project uses for them: where lid.176 only knows
 * the macrolanguage, and the retired or deprecated codes pages still declare.
 */
const CANONICAL: Record<string, string> = {
  als: 'sqi', // franc's Tosk Albanian (lid.176's `als` is Alemannic, handled by LID_CODES)
  arb: 'ara',
  azj: 'aze',
  bho: 'bih',
  mag: 'bih',
  cmn: 'zho',
  ekk: 'est',
  khk: 'mon',
  koi: 'kom',
  lvs: 'lav',
  npi: 'nep',
  pes: 'fas',
  prs: 'fas',
  plt: 'mlg',
  pbu: 'pus',
  quy: 'que',
  quz: 'que',
  qug: 'que',
  src: 'srd',
  swh: 'swa',
  uzn: 'uzb',
  ydd: 'yid',
  zlm: 'msa',
  zsm: 'msa',
  nor: 'nob',
};

/** ISO 639-1 codes that lid.176 lacks, and the deprecated ones (`iw`, `in`, `ji`), for declared languages. */
const TWO_LETTER: Record<string, string> = {
  ha: 'hau',
  ig: 'ibo',
  zu: 'zul',
  xh: 'xho',
  rw: 'kin',
  sn: 'sna',
  ny: 'nya',
  wo: 'wol',
  ti: 'tir',
  om: 'orm',
  st: 'sot',
  tn: 'tsn',
  ts: 'tso',
  ln: 'lin',
  lg: 'lug',
  ak: 'aka',
  ee: 'ewe',
  ff: 'ful',
  mi: 'mri',
  sm: 'smo',
  to: 'ton',
  fj: 'fij',
  iw: 'heb',
  in: 'ind',
  ji: 'yid',
  nb: 'nob',
  dz: 'dzo',
};

/** Macrolanguages and the codes of their members that the project can store. */
const MACRO: Record<string, string> = {
  nob: 'nor',
  nno: 'nor',
  srp: 'hbs',
  hrv: 'hbs',
  bos: 'hbs',
  cnr: 'hbs',
  ind: 'msa',
  min: 'msa',
  yue: 'zho',
  wuu: 'zho',
  arz: 'ara',
  azb: 'aze',
  kmr: 'kur',
  ckb: 'kur',
};

/** The project's code for one of lid.176's labels; undefined for a label it does not know. */
export function lidLabelCode(label: string): string | undefined {
  return LID_CODES[label];
}

/** The project's code for an ISO 639-3 code from franc or elsewhere. */
export function canonicalCode(code: string): string {
  return CANONICAL[code] ?? code;
}

/** The macrolanguage a code belongs to, or the code itself. */
export function macrolanguageOf(code: string): string {
  return MACRO[code] ?? code;
}

/** Every code lid.176 can answer, in the project's form. */
export const LID_LANGUAGES: ReadonlySet<string> = new Set(Object.values(LID_CODES));

/**
 * A declared language (`<html lang>`, `hreflang`, `Content-Language`, a URL segment) as the
 * project's code: the primary subtag of a BCP 47 tag (`pt-BR` -> `por`, `sr-Latn` -> `srp`,
 * `zh-Hant` -> `zho`); undefined when it names no language (`x-default`, `mul`, `und`, garbage).
 */
export function declaredCode(tag: string): string | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (!/^[a-z]{2,3}$/.test(primary)) return undefined;
  if (primary === 'und' || primary === 'mul' || primary === 'zxx' || primary === 'mis') return undefined;
  if (primary.length === 2) return TWO_LETTER[primary] ?? LID_CODES[primary];
  return canonicalCode(primary);
}
