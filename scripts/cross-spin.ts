/**
 * Spun and templated text for the cross-source world: synonym substitution with the OpenOffice
 * thesauri Debian ships (mythes-de, mythes-fr, mythes-es: OpenThesaurus and its French and Spanish
 * counterparts, none derived from WordNet), and spintax templates rendered many times, as article
 * spinners and content farms do.
 */
import { readFileSync } from 'node:fs';
import { rng } from '../db/random.js';

export type Thesaurus = Map<string, string[]>;

/**
 * A MyThes `.dat` file: a line naming the encoding, then for each entry `word|n` followed by n
 * lines `(pos)|synonym|synonym|...`. Only one-word synonyms without annotations are kept.
 */
export function readThesaurus(path: string): Thesaurus {
  const raw = readFileSync(path);
  // The first line names the encoding: UTF-8, ISO8859-2, ISO-8859-1, ...
  const declared = raw
    .subarray(0, 32)
    .toString('latin1')
    .split('\n')[0]!
    .replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '')
    .trim();
  const encoding = declared.toLowerCase().replace(/^iso-?8859-?/, 'iso-8859-');
  const lines = new TextDecoder(encoding).decode(raw).split('\n');
  const out: Thesaurus = new Map();
  for (let i = 1; i < lines.length; i++) {
    const head = /^([^|]+)\|(\d+)$/.exec(lines[i]!);
    if (!head) continue;
    const word = head[1]!.toLowerCase();
    const n = Number(head[2]);
    const synonyms = new Set<string>();
    for (let j = 1; j <= n && i + j < lines.length; j++) {
      for (const s of lines[i + j]!.split('|').slice(1)) {
        if (/^[\p{L}-]+$/u.test(s) && s.toLowerCase() !== word) synonyms.add(s);
      }
    }
    i += n;
    if (synonyms.size > 0 && /^\p{L}{4,}$/u.test(word)) out.set(word, [...synonyms]);
  }
  return out;
}

/** Replaces each word the thesaurus knows with a random synonym with probability `rate`. */
export function spinText(text: string, thesaurus: Thesaurus, rate: number, seed: number): string {
  const random = rng(seed);
  return text.replace(/\p{L}+/gu, (word) => {
    const synonyms = thesaurus.get(word.toLowerCase());
    if (!synonyms || random() >= rate) return word;
    const pick = synonyms[Math.floor(random() * synonyms.length)]!;
    return word[0] === word[0]!.toUpperCase() ? pick[0]!.toUpperCase() + pick.slice(1) : pick;
  });
}

/** Renders spintax: `{a|b|{c|d}}` picks one option at every level. */
export function renderSpintax(template: string, random: () => number): string {
  let text = template;
  const inner = /\{([^{}]*)\}/;
  for (let m = inner.exec(text); m; m = inner.exec(text)) {
    const options = m[1]!.split('|');
    text =
      text.slice(0, m.index) +
      options[Math.floor(random() * options.length)]! +
      text.slice(m.index + m[0].length);
  }
  return text;
}

/** Three article templates in the manner of affiliate and "tips" farms: a title and paragraphs each. */
export const SPINTAX_TEMPLATES: { title: string; paragraphs: string[] }[] = [
  {
    title:
      '{Top|Best|Essential|Proven} {7|10|12} {Tips|Ways|Tricks|Secrets} to {Save Money|Cut Costs|Spend Less} on {Groceries|Your Weekly Shopping|Food}',
    paragraphs: [
      '{Saving money|Cutting costs|Spending less} on {groceries|food|your weekly shop} {is easier than you think|does not have to be hard|is something everyone can do}. {With a little planning|With the right approach|By following a few simple rules}, {you can|most families can|anyone can} {reduce|lower|cut} {their|your} {monthly|weekly} {bill|spending|costs} by {up to|as much as|nearly} {20|30|40} percent.',
      '{First|To begin with|The first step}, {always|make sure to|try to} {write|prepare|make} a {shopping list|list of what you need|simple list} {before you go|before heading to the store|in advance}. {Shoppers who|People who|Those who} {stick to a list|plan ahead|know what they need} {buy fewer|avoid} {impulse items|things they do not need|unnecessary products}, {and|which means} {they|you} {spend less|save more|keep more money in your pocket}.',
      '{Second|Another great tip|Next}, {compare prices|look at the unit price|check prices carefully}. {Store brands|Own-label products|Generic brands} are {often|usually|in many cases} {just as good as|of the same quality as|no worse than} {famous brands|name brands|the big brands} {but|while} {cost|costing} {much less|a fraction of the price|far less}.',
      '{Buying in bulk|Buying larger packs|Stocking up} {can also|is another way to|will often} {save you money|help you save|lower your costs}, {especially|particularly} {for|on} {products you use every day|items that keep well|rice, pasta and canned goods}. {Just make sure|Be careful|Remember} {not to|that you do not} {buy more than you can use|let food go to waste|overbuy fresh food}.',
      '{Finally|Last but not least|In the end}, {plan your meals|cook at home|use leftovers}. {Cooking at home|Planning your meals for the week|Making your own lunch} is {one of the best|the single best|a very effective} {ways|methods} to {save money|cut your food bill|eat well for less}, {and|while} {it is|it can be} {healthier|better for your health|more fun} {too|as well}.',
      '{We hope|Hopefully|We are sure} {these tips|this guide|these ideas} {will help you|help you} {save money|spend less|keep your budget under control}. {Share|Send} {this article|this post|these tips} {with your friends|with your family|with anyone who wants to save}!',
    ],
  },
  {
    title:
      '{How to|The Easy Way to|A Simple Guide to} {Choose|Pick|Find} the {Best|Right|Perfect} {Laptop|Notebook|Computer} for {Students|School|Work}',
    paragraphs: [
      '{Choosing|Picking|Finding} {a new laptop|the right laptop|a good notebook} {can be|is often|may seem} {confusing|overwhelming|difficult}. {There are|You will find|The market offers} {hundreds of|so many|countless} {models|options|devices} {on the market|to choose from|available today}, {each|all} {with|offering} {different|their own} {features|specifications|prices}.',
      '{The most important thing|The first thing to consider|What matters most} is {your budget|how much you want to spend|the price}. {Decide|Think about|Set} {how much|what} {you can afford|you are willing to pay|your limit is} {before|prior to} {you start looking|shopping|comparing models}.',
      '{Next|Then|After that}, {think about|consider|look at} {battery life|the battery|how long the battery lasts}. {Students|People who study|Anyone who works on the go} {need|want|should look for} a {laptop|device|computer} {that lasts|that can run} {all day|a full day|eight hours or more} {without|with no need for} {charging|a charger|being plugged in}.',
      '{Weight|Size|Portability} {also matters|is also important|should not be ignored}. {A light|A thin and light|A compact} {laptop|notebook} is {easier to carry|more comfortable to take|simpler to bring} {to class|to school|to the library} {every day|each day|daily}.',
      '{Do not forget|Remember|Also keep in mind} {the keyboard|the screen|storage}. {A good keyboard|A bright screen|Enough storage} {makes|will make} {a big difference|all the difference|life much easier} {when you|if you} {write long essays|work for hours|study late}.',
      '{In conclusion|To sum up|All in all}, {the best laptop|the right computer|the perfect notebook} {is the one|is one} {that fits|that matches|that suits} {your needs|your budget and needs|the way you work}. {Take your time|Do your research|Compare carefully} {and|before you} {make the right choice|buy|decide}!',
    ],
  },
  {
    title:
      '{Why|The Reasons|Here Is Why} {Drinking Water|Staying Hydrated|Water} {Is|Is So} {Good for You|Important for Your Health|the Key to Health}',
    paragraphs: [
      '{Water|Drinking water|Staying hydrated} is {essential|vital|very important} {for|to} {your health|your body|good health}. {Experts|Doctors|Health professionals} {recommend|suggest|advise} {drinking|that you drink|having} {eight glasses|two litres|plenty of water} {a day|every day|daily}.',
      '{Water helps|Drinking enough water helps|Good hydration helps} {your body|you} {stay cool|regulate its temperature|keep its temperature stable} {and|while also} {carries|it carries|moving} {nutrients|oxygen|vitamins} {to|through} {your cells|every part of your body|your organs}.',
      '{Many people|Most people|A lot of people} {do not realise|do not know|forget} {that|how} {feeling tired|headaches|poor concentration} {can be|is often|may be} {a sign of|caused by|the result of} {dehydration|not drinking enough|too little water}.',
      '{To drink more water|To stay hydrated|To get enough water}, {carry a bottle|keep a bottle with you|have a glass nearby} {all day|at all times|wherever you go}. {You can also|Try to|It also helps to} {eat more fruit|add lemon|drink tea} {for extra|for more|to get more} {flavour|water|hydration}.',
      '{Start today|Begin now|Do not wait} {and|and you will} {feel the difference|see the benefits|notice the results} {in just a few days|within a week|very soon}!',
    ],
  },
];
