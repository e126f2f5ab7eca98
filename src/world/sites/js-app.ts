import { escapeHtml, htmlResponse, textResponse } from '../html.js';
import { paragraphsOf, titleOf } from '../sources.js';
import type { WorldResponse } from '../types.js';
import { HumanSite, unitAt } from './human.js';
import type { TextUnit } from '../sources.js';

/**
 * A single-page application: article pages are an empty shell whose script fetches the text from
 * a JSON API and renders it. Without running the script there is no article text at all. The
 * index is static, so links are found without a browser.
 */
export class JsAppSite extends HumanSite {
  constructor(
    id: string,
    origin: string,
    name: string,
    private readonly units: readonly TextUnit[],
    articles: number,
  ) {
    super(id, 'js-app', origin, name, 'read', units, articles, ['js-only']);
  }

  protected override *extraResources(): Iterable<string> {
    yield '/app.js';
    for (let k = 0; k < this.count(); k++) yield `/api/articles/${k + 1}.json`;
  }

  protected override route(path: string): WorldResponse | undefined {
    if (path === '/app.js') return textResponse(APP_JS, 'text/javascript; charset=utf-8');
    const api = /^\/api\/articles\/(\d+)\.json$/.exec(path);
    if (api) {
      const k = Number(api[1]) - 1;
      if (!(k >= 0 && k < this.count())) return undefined;
      const unit = unitAt(this.units, k);
      const paragraphs = paragraphsOf(unit.file, unit.genre).slice(unit.start, unit.end);
      return textResponse(
        JSON.stringify({ id: k + 1, title: titleOf(paragraphs), paragraphs }),
        'application/json; charset=utf-8',
      );
    }
    return super.route(path);
  }

  protected override article(k: number): WorldResponse {
    return htmlResponse(
      '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
        `<title>${escapeHtml(this.name)}</title>\n` +
        `<link rel="canonical" href="${this.origin}${this.articlePath(k)}">\n` +
        '<script src="/app.js" defer></script>\n</head>\n<body>\n' +
        `<div id="root" data-article="${k + 1}"></div>\n` +
        '<noscript>You need to enable JavaScript to run this app.</noscript>\n</body>\n</html>\n',
    );
  }
}

const APP_JS = `(function () {
  var root = document.getElementById('root');
  if (!root) return;
  fetch('/api/articles/' + root.getAttribute('data-article') + '.json')
    .then(function (r) { return r.json(); })
    .then(function (a) {
      document.title = a.title;
      var article = document.createElement('article');
      var h1 = document.createElement('h1');
      h1.textContent = a.title;
      article.appendChild(h1);
      a.paragraphs.forEach(function (text) {
        var p = document.createElement('p');
        p.textContent = text;
        article.appendChild(p);
      });
      var main = document.createElement('main');
      main.appendChild(article);
      root.appendChild(main);
      document.body.setAttribute('data-rendered', 'true');
    });
})();
`;
