//! HTML to article text: pick the main content container, drop navigation, scripts and
//! other boilerplate, keep paragraph breaks; read title, outlet, dates, author and URL from
//! `<meta>`, `<title>`, `<h1>`, `<time>` and `<link rel=canonical>`.

use crate::meta::Hints;
use ego_tree::NodeRef;
use eventwire_model::DateSource;
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};
use std::sync::OnceLock;

/// Text and metadata extracted from an HTML page or fragment.
#[derive(Debug, Default)]
pub struct Extracted {
    pub text: String,
    pub hints: Hints,
}

/// Elements whose content is never article text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
    "iframe", "svg", "select", "option", "input", "textarea", "figure", "menu", "dialog", "head", "object",
    "embed", "canvas", "video", "audio", "map",
];
/// Elements that end a paragraph.
const PARA: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "main",
    "table",
    "ul",
    "ol",
    "dl",
    "pre",
    "address",
    "body",
    "center",
    "hr",
];
/// Elements that end a line.
const LINE: &[&str] = &["br", "li", "tr", "dt", "dd", "figcaption", "caption"];

fn boilerplate_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|share|sharing|social|related|recommended|comments?|advert|advertisement|ads?|promo|newsletter|subscribe|cookies?|sidebar|footer|masthead|tags|popular|trending|most-read|outbrain|taboola|paywall|skip-link|sr-only|visually-hidden)(?:$|[\s_-])")
            .expect("boilerplate pattern")
    })
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

fn is_skipped(el: &scraper::node::Element) -> bool {
    let name = el.name();
    if SKIP.contains(&name) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if el.attr("style").is_some_and(|s| s.replace(' ', "").to_ascii_lowercase().contains("display:none")) {
        return true;
    }
    if matches!(el.attr("role"), Some("navigation" | "banner" | "contentinfo" | "complementary")) {
        return true;
    }
    let mut key = String::new();
    if let Some(c) = el.attr("class") {
        key.push_str(c);
    }
    if let Some(i) = el.attr("id") {
        key.push(' ');
        key.push_str(i);
    }
    !key.is_empty() && boilerplate_re().is_match(&key.to_ascii_lowercase())
}

/// Builds text with collapsed whitespace and paragraph/line breaks.
#[derive(Default)]
struct TextBuilder {
    out: String,
    space: bool,
    /// 0 none, 1 line break, 2 paragraph break.
    brk: u8,
}

impl TextBuilder {
    fn text(&mut self, s: &str) {
        for c in s.chars() {
            // NBSP included: in HTML it is layout, and the headline must match the text.
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            if !self.out.is_empty() {
                match self.brk {
                    2 => self.out.push_str("\n\n"),
                    1 => self.out.push('\n'),
                    _ if self.space => self.out.push(' '),
                    _ => {}
                }
            }
            self.brk = 0;
            self.space = false;
            self.out.push(c);
        }
    }
    fn brk(&mut self, level: u8) {
        self.brk = self.brk.max(level);
    }
}

/// Collect the visible text under `root`, iteratively (deep nesting must not overflow).
fn collect_text(root: NodeRef<'_, Node>, tb: &mut TextBuilder) {
    enum Step<'a> {
        Enter(NodeRef<'a, Node>),
        Leave(u8),
    }
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Leave(level) => tb.brk(level),
            Step::Enter(node) => match node.value() {
                Node::Text(t) => tb.text(t),
                Node::Element(el) => {
                    if node != root && is_skipped(el) {
                        continue;
                    }
                    let name = el.name();
                    let level = if PARA.contains(&name) {
                        2
                    } else if LINE.contains(&name) {
                        1
                    } else {
                        0
                    };
                    tb.brk(level);
                    stack.push(Step::Leave(level));
                    let children: Vec<_> = node.children().collect();
                    for c in children.into_iter().rev() {
                        stack.push(Step::Enter(c));
                    }
                }
                Node::Document | Node::Fragment => {
                    let children: Vec<_> = node.children().collect();
                    for c in children.into_iter().rev() {
                        stack.push(Step::Enter(c));
                    }
                }
                _ => {}
            },
        }
    }
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn meta_content(doc: &Html, selectors: &[&str]) -> Option<String> {
    for s in selectors {
        if let Some(v) =
            doc.select(&sel(s)).filter_map(|e| e.attr("content")).map(clean).find(|v| !v.is_empty())
        {
            return Some(v);
        }
    }
    None
}

/// Amount of paragraph text directly relevant to choosing a main container.
fn paragraph_chars(el: ElementRef<'_>) -> usize {
    static P: OnceLock<Selector> = OnceLock::new();
    let p = P.get_or_init(|| sel("p"));
    el.select(p).map(|p| p.text().map(str::len).sum::<usize>()).sum()
}

/// Deepest nesting of elements, from a linear scan. The HTML parser slows down with depth
/// (scope checks walk the open-element stack), so absurd depths are refused. Every element
/// counts except the void ones (`<br>`, `<img>`) and those whose end tag may be left out
/// (`<p>`, `<li>`, `<td>`): the parser closes those itself, so they do not pile up.
pub fn nesting_depth(html: &str) -> usize {
    const NOT_NESTING: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody",
        "tfoot", "rt", "rp", "colgroup", "caption", "html", "head", "body",
    ];
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    for i in tag_starts(b) {
        let rest = &b[i + 1..];
        let (close, name) = match rest.first() {
            Some(b'/') => (true, &rest[1..]),
            _ => (false, rest),
        };
        let end = name.iter().position(|c| !c.is_ascii_alphanumeric()).unwrap_or(name.len());
        let tag = &name[..end];
        // Comments, doctypes and a bare '<' in text are not elements.
        if !tag.first().is_some_and(u8::is_ascii_alphabetic)
            || NOT_NESTING.iter().any(|t| tag.eq_ignore_ascii_case(t.as_bytes()))
        {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
        } else if !self_closing(&name[end..]) {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Whether the rest of a start tag ends with `/>` (looked for in its first 1,000 bytes only,
/// which keeps the scan linear).
fn self_closing(after_name: &[u8]) -> bool {
    let window = &after_name[..after_name.len().min(1000)];
    window.iter().position(|&c| c == b'>').is_some_and(|j| j > 0 && window[j - 1] == b'/')
}

fn tag_starts(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    b.iter().enumerate().filter(|(_, &c)| c == b'<').map(|(i, _)| i)
}

/// Deepest container nesting [`extract_page`] accepts.
pub const MAX_DEPTH: usize = 3000;

/// Extract the article from a full HTML page.
pub fn extract_page(html: &str) -> Extracted {
    let doc = Html::parse_document(html);
    let mut hints = Hints::default();

    let containers = [
        "article",
        "[itemprop=articleBody]",
        "main",
        "[role=main]",
        ".article-body, .article-content, .story-body, .entry-content, .post-content, #article-body, #content",
    ];
    let mut best: Option<(usize, ElementRef<'_>)> = None;
    for c in containers {
        for el in doc.select(&sel(c)) {
            let n = paragraph_chars(el);
            if n > 0 && best.as_ref().is_none_or(|b| n > b.0) {
                best = Some((n, el));
            }
        }
    }
    let body = doc.select(&sel("body")).next();
    let root = best.map(|b| b.1).or(body).unwrap_or_else(|| doc.root_element());
    let mut tb = TextBuilder::default();
    collect_text(*root, &mut tb);
    let mut text = tb.out;

    let h1 = root
        .select(&sel("h1"))
        .next()
        .or_else(|| doc.select(&sel("h1")).next())
        .map(|h| clean(&h.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    let og_title = meta_content(&doc, &["meta[property='og:title']", "meta[name='twitter:title']"]);
    let page_title = doc
        .select(&sel("title"))
        .next()
        .map(|t| clean(&t.text().collect::<String>()))
        .map(|t| strip_site_suffix(&t))
        .filter(|t| !t.is_empty());
    let title = h1.or(og_title).or(page_title);
    if let Some(t) = &title {
        // The headline leads the text so it gets an evidence span and is analysed.
        if !text.starts_with(t.as_str()) {
            text = if text.is_empty() { t.clone() } else { format!("{t}\n\n{text}") };
        }
    }
    hints.title = title;
    hints.outlet = meta_content(&doc, &["meta[property='og:site_name']", "meta[name='application-name']"]);
    hints.byline = meta_content(&doc, &["meta[name='author']", "meta[property='article:author']"])
        .filter(|a| !a.starts_with("http"));
    hints.url = doc
        .select(&sel("link[rel=canonical]"))
        .filter_map(|l| l.attr("href"))
        .map(str::trim)
        .find(|h| h.starts_with("http"))
        .map(str::to_string)
        .or_else(|| meta_content(&doc, &["meta[property='og:url']"]));

    let mut dates: Vec<String> = Vec::new();
    for s in [
        "meta[property='article:published_time']",
        "meta[itemprop=datePublished]",
        "meta[name=pubdate]",
        "meta[name=publishdate]",
        "meta[name='parsely-pub-date']",
        "meta[name='sailthru.date']",
        "meta[name='DC.date.issued']",
        "meta[name=date]",
    ] {
        dates.extend(doc.select(&sel(s)).filter_map(|e| e.attr("content")).map(clean));
    }
    for t in doc.select(&sel("time[datetime]")) {
        if let Some(d) = t.attr("datetime") {
            dates.push(clean(d));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for d in dates {
        if !d.is_empty() && seen.insert(d.clone()) {
            hints.dates.push((d, DateSource::Field));
        }
    }
    Extracted { text, hints }
}

/// Reduce an HTML fragment (a feed item's description) to text. A fragment nested deeper than
/// [`MAX_DEPTH`] is not parsed: its tags are dropped in one linear pass, and its text kept.
pub fn fragment_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return html.trim().to_string();
    }
    if nesting_depth(html) > MAX_DEPTH {
        return strip_tags(html);
    }
    let frag = Html::parse_fragment(html);
    let mut tb = TextBuilder::default();
    collect_text(*frag.root_element(), &mut tb);
    tb.out
}

/// The text of `html` without its tags, in one pass: for input too deep to parse. Entities
/// are left as written.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Headline | Site" or "Headline - Site": keep the headline part.
fn strip_site_suffix(t: &str) -> String {
    for sep in [" | ", " – ", " — ", " - "] {
        if let Some(i) = t.rfind(sep) {
            let head = &t[..i];
            if head.split_whitespace().count() >= 3 {
                return head.trim().to_string();
            }
        }
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head>
<title>Army retakes bridge - The Levant Ledger</title>
<meta property="og:site_name" content="The Levant Ledger">
<meta property="article:published_time" content="2018-03-04T09:15:00+03:00">
<meta name="author" content="Rana Haddad">
<link rel="canonical" href="https://levant.example/2018/03/04/bridge">
<script>var x = "<p>not text</p>";</script><style>p{color:red}</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header class="site-header"><h2>The Levant Ledger</h2></header>
<div class="share-bar">Share on Twitter</div>
<article>
 <h1>Army retakes  bridge</h1>
 <p>RAQQA, Syria (Reuters) - Troops retook the bridge on Sunday,&nbsp;officials said.</p>
 <p>At least <b>12</b> fighters were killed.<br>Residents fled.</p>
 <aside>Related: other stories</aside>
 <div class="related-articles"><p>Read more about nothing</p></div>
</article>
<footer>© 2018 The Levant Ledger</footer>
</body></html>"#;

    #[test]
    fn page_main_text_and_metadata() {
        let e = extract_page(PAGE);
        assert_eq!(
            e.text,
            "Army retakes bridge\n\nRAQQA, Syria (Reuters) - Troops retook the bridge on Sunday, officials said.\n\nAt least 12 fighters were killed.\nResidents fled."
        );
        assert_eq!(e.hints.title.as_deref(), Some("Army retakes bridge"));
        assert_eq!(e.hints.outlet.as_deref(), Some("The Levant Ledger"));
        assert_eq!(e.hints.byline.as_deref(), Some("Rana Haddad"));
        assert_eq!(e.hints.url.as_deref(), Some("https://levant.example/2018/03/04/bridge"));
        assert_eq!(e.hints.dates, [("2018-03-04T09:15:00+03:00".to_string(), DateSource::Field)]);
    }

    #[test]
    fn title_falls_back_to_title_element_without_suffix() {
        let e = extract_page("<html><head><title>Shelling hits market in Idlib | Site</title></head><body><p>Ten people died.</p></body></html>");
        assert_eq!(e.hints.title.as_deref(), Some("Shelling hits market in Idlib"));
        assert!(e.text.starts_with("Shelling hits market in Idlib\n\nTen people died."));
    }

    #[test]
    fn truncated_and_deeply_nested_html_do_not_panic() {
        let e = extract_page("<html><body><article><h1>Cut off</h1><p>The convoy was hit near");
        assert!(e.text.contains("The convoy was hit near"));
        let deep = "<div>".repeat(MAX_DEPTH) + "deep text";
        assert!(extract_page(&deep).text.contains("deep text"));
    }

    #[test]
    fn headline_with_nbsp_is_not_repeated() {
        let e = extract_page("<html><body><article><h1>Five&nbsp;killed in Hama</h1><p>Shells fell.</p></article></body></html>");
        assert_eq!(e.text, "Five killed in Hama\n\nShells fell.");
    }

    #[test]
    fn nesting_depth_is_counted() {
        assert_eq!(nesting_depth("<div><DIV class=x><span></span></div><div></div></div>"), 3);
        assert_eq!(nesting_depth(&"<div>".repeat(10)), 10);
        assert_eq!(nesting_depth("<p><br><img></p>"), 0);
        // Any element nests, not only the usual containers.
        for tag in ["main", "aside", "nav", "header", "b", "custom-element"] {
            assert_eq!(nesting_depth(&format!("<{tag}>").repeat(50)), 50, "{tag}");
        }
        assert_eq!(nesting_depth("<!-- <div> --><!DOCTYPE html><x/><y />a < b"), 1);
        assert_eq!(nesting_depth(&"<p>para".repeat(100)), 0);
    }

    #[test]
    fn fragments() {
        assert_eq!(fragment_text("<p>One &amp; two.</p><p>Three.</p>"), "One & two.\n\nThree.");
        assert_eq!(fragment_text("plain words"), "plain words");
        // Too deep to parse: the tags go in one pass, the words stay.
        let deep =
            "<div>".repeat(MAX_DEPTH + 1) + "Shelling hit <b>the</b> town" + &"</div>".repeat(MAX_DEPTH + 1);
        assert_eq!(fragment_text(&deep), "Shelling hit the town");
    }
}
