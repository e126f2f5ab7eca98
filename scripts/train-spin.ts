/**
 * Spun text for the training corpus, unlike the cross-source world's: an article rewriter that
 * reorders sentences and paragraphs and swaps synonyms, and spintax templates of its own (one in
 * English, one in Spanish, one in Italian).
 */
import { rng, shuffled } from '../db/random.js';
import { spinText, type Thesaurus } from './cross-spin.js';

const sentences = (text: string, locale: string): string[] =>
  [...new Intl.Segmenter(locale, { granularity: 'sentence' }).segment(text)]
    .map((s) => s.segment.trim())
    .filter((s) => s.length > 0);

/**
 * What article rewriters do: keep the first paragraph, shuffle the others, shuffle the sentences
 * inside each paragraph, and replace a share of the words the thesaurus knows with synonyms.
 */
export function rewriteArticle(
  paragraphs: readonly string[],
  thesaurus: Thesaurus,
  locale: string,
  seed: number,
): string[] {
  const random = rng(seed);
  const [first, ...rest] = paragraphs;
  const order = first === undefined ? [] : [first, ...shuffled(rest, random)];
  return order.map((p, i) => {
    const parts = sentences(p, locale);
    const mixed = parts.length > 2 ? [parts[0]!, ...shuffled(parts.slice(1), random)] : parts;
    return spinText(mixed.join(' '), thesaurus, 0.3, seed + i + 1);
  });
}

/** Affiliate and "news" farm templates, different in topic and language from the cross world's. */
export const TRAIN_SPINTAX: { tag: string; title: string; paragraphs: string[] }[] = [
  {
    tag: 'en',
    title:
      '{The Ultimate|A Complete|Your Quick} {Guide|Checklist|Handbook} to {Repainting|Refreshing|Redecorating} {Your Living Room|a Small Bedroom|Your Kitchen} {on a Budget|in One Weekend|Like a Pro}',
    paragraphs: [
      '{Painting|Repainting|Refreshing} {a room|your walls|the space you live in} {is one of the cheapest|is the fastest|remains the easiest} {ways|methods} to {transform|update|change the look of} {your home|your house|any room}. {Anyone can do it|You do not need a professional|No special skills are needed} {if|as long as} {you prepare properly|you follow a few steps|you plan ahead}.',
      '{Start by|Begin with|The first job is} {moving the furniture|clearing the room|covering the floor}. {Use|Lay down|Put down} {old sheets|drop cloths|plastic covers} {to protect|to keep safe|so you protect} {your floors|the carpet|everything below}, {and|then} {tape|mask} {the edges|skirting boards|window frames} {carefully|with care|neatly}.',
      '{Choosing the colour|Picking a shade|The colour choice} {is|can be} {the hardest part|the most fun part|where most people get stuck}. {Light colours|Soft neutrals|Pale tones} {make|can make} {small rooms|narrow spaces|dark rooms} {feel bigger|look larger|seem brighter}, {while|whereas} {dark colours|bold shades|deep tones} {add|bring|create} {warmth|character|drama}.',
      '{Always|Make sure to|Remember to} {apply|use|paint} {two thin coats|at least two coats|a primer and two coats} {rather than|instead of} {one thick one|a single heavy layer|one coat}. {Let each coat dry|Wait between coats|Allow enough drying time} {for|at least} {four hours|a few hours|as long as the tin says}.',
      '{When you are done|Once finished|At the end}, {clean your brushes|wash the rollers|tidy up} {straight away|immediately|right after}. {Enjoy|Love|Show off} {your new room|the result|your fresh walls}!',
    ],
  },
  {
    tag: 'es',
    title:
      '{Los|Las} {5|7|10} {mejores|principales|imprescindibles} {destinos|lugares|rincones} {para viajar|que visitar|para conocer} {este verano|en vacaciones|con poco dinero}',
    paragraphs: [
      '{Viajar|Salir de viaje|Hacer turismo} {no tiene por qué ser caro|puede ser barato|está al alcance de todos}. {Con un poco de planificación|Si se organiza bien|Con algunos trucos sencillos}, {cualquiera|toda la familia|usted} {puede|podrá} {disfrutar de|conocer|descubrir} {lugares increíbles|destinos únicos|sitios maravillosos} {sin gastar demasiado|a buen precio|con un presupuesto pequeño}.',
      '{En primer lugar|Para empezar|Lo primero}, {reserve|compre|busque} {los billetes|el vuelo|el alojamiento} {con antelación|con tiempo|varias semanas antes}. {Los precios|Las tarifas|Las ofertas} {suben|cambian|aumentan} {mucho|bastante|rápidamente} {en temporada alta|cerca de la fecha|en verano}.',
      '{Además|También|Por otro lado}, {las ciudades pequeñas|los pueblos|los destinos menos conocidos} {ofrecen|tienen|brindan} {una experiencia|un ambiente|una cultura} {más auténtica|más tranquila|muy especial} {y|además de} {precios|costes|tarifas} {más bajos|mucho más económicos|razonables}.',
      '{No olvide|Recuerde|Es importante} {probar|disfrutar de|conocer} {la comida local|la gastronomía|los platos típicos}. {Comer|Almorzar|Cenar} {donde comen los vecinos|en mercados|en restaurantes familiares} {es|resulta} {más barato|más sabroso|una gran idea}.',
      '{En resumen|Para terminar|En definitiva}, {viajar|descubrir el mundo|conocer nuevos lugares} {es|resulta} {una de las mejores inversiones|una experiencia única|algo que todos deberían hacer}. {¡Comparta|¡Envíe|¡Recomiende} {este artículo|esta guía|estos consejos} {con sus amigos|a su familia|en sus redes}!',
    ],
  },
  {
    tag: 'it',
    title:
      '{Come|Ecco come|Scopri come} {dormire meglio|riposare bene|dormire di più} {in|con} {pochi passi|sette semplici consigli|poche abitudini}',
    paragraphs: [
      '{Dormire bene|Un buon sonno|Il riposo notturno} è {fondamentale|essenziale|molto importante} per {la salute|il benessere|il corpo e la mente}. {Molte persone|Tante persone|Milioni di italiani} {dormono|riposano} {poco|male|meno di sette ore} {e|ma} {non sanno|ignorano} {come migliorare|come cambiare|cosa fare}.',
      '{Prima di tutto|Innanzitutto|Per cominciare}, {andate a letto|coricatevi|cercate di dormire} {sempre alla stessa ora|a orari regolari|ogni sera alla stessa ora}. {Il corpo|L’organismo|Il nostro orologio interno} {ama|preferisce|ha bisogno di} {la regolarità|le abitudini|la routine}.',
      '{Evitate|Limitate|Riducete} {il caffè|la caffeina|le bevande eccitanti} {nel pomeriggio|dopo pranzo|la sera} {e|e anche} {gli schermi|il telefono|la televisione} {prima di dormire|a letto|nell’ultima ora}.',
      '{Infine|Per finire|In conclusione}, {la camera|la stanza|l’ambiente} {deve essere|dovrebbe essere} {buia|fresca|silenziosa} {e|e soprattutto} {comoda|accogliente|ordinata}. {Provate|Seguite|Mettete in pratica} {questi consigli|queste regole|questi suggerimenti} {e|e presto} {vedrete|noterete|sentirete} {la differenza|i risultati|i benefici}!',
    ],
  },
];
