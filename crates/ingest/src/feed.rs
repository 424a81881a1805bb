//! RSS 2.0 / RSS 1.0 (RDF) / Atom feeds: one article per `<item>` / `<entry>`.

use crate::html::fragment_text;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// One feed item, with HTML already reduced to text.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Item {
    pub title: Option<String>,
    pub link: Option<String>,
    pub body: String,
    pub dates: Vec<String>,
    pub author: Option<String>,
    pub guid: Option<String>,
}

/// A parsed feed.
#[derive(Debug, Default)]
pub struct Feed {
    /// The channel / feed title (the outlet).
    pub title: Option<String>,
    pub items: Vec<Item>,
    /// Set when the XML broke off after some items were read.
    pub error: Option<String>,
}

#[derive(Default)]
struct RawItem {
    title: Option<String>,
    link: Option<String>,
    content: Option<String>,
    description: Option<String>,
    dates: Vec<String>,
    author: Option<String>,
    guid: Option<String>,
}

fn lname(name: &[u8]) -> String {
    String::from_utf8_lossy(name).to_ascii_lowercase()
}

/// Text fields we capture, by qualified element name.
fn captured(name: &str) -> bool {
    matches!(
        name,
        "title"
            | "link"
            | "description"
            | "content:encoded"
            | "content"
            | "summary"
            | "pubdate"
            | "dc:date"
            | "published"
            | "updated"
            | "issued"
            | "guid"
            | "id"
            | "author"
            | "dc:creator"
            | "name"
    )
}

/// Re-serialise a start tag inside an XHTML content block.
fn tag_text(e: &BytesStart<'_>, empty: bool) -> String {
    let raw = String::from_utf8_lossy(e.as_ref());
    if empty {
        format!("<{raw}/>")
    } else {
        format!("<{raw}>")
    }
}

/// Parse a feed. Errors when the input is not XML or its root is not `rss`, `feed` or `rdf:RDF`.
pub fn parse(xml: &str) -> Result<Feed, String> {
    let start = xml.trim_start();
    if !start.starts_with('<') {
        return Err("not an RSS or Atom feed (not XML)".into());
    }
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut feed = Feed::default();
    let mut root_seen = false;
    let mut stack: Vec<String> = Vec::new();
    let mut item: Option<RawItem> = None;
    let mut item_depth = 0usize;
    // The captured field: (name, depth, buffer).
    let mut field: Option<(String, usize, String)> = None;

    loop {
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let msg = format!("XML error at byte {}: {e}", reader.error_position());
                if feed.items.is_empty() && item.is_none() {
                    return Err(format!("not a valid RSS or Atom feed ({msg})"));
                }
                feed.error = Some(msg);
                break;
            }
        };
        match ev {
            Event::Start(e) | Event::Empty(e) if !root_seen => {
                let name = lname(e.name().as_ref());
                if !matches!(name.as_str(), "rss" | "feed" | "rdf:rdf") {
                    return Err(format!("not an RSS or Atom feed (root element <{name}>)"));
                }
                root_seen = true;
                stack.push(name);
            }
            Event::Start(e) => {
                let name = lname(e.name().as_ref());
                if let Some((_, _, buf)) = field.as_mut() {
                    // Markup inside a content field (Atom type="xhtml").
                    buf.push_str(&tag_text(&e, false));
                } else if name == "item" || name == "entry" {
                    item = Some(RawItem::default());
                    item_depth = stack.len() + 1;
                } else if captured(&name) {
                    if name == "link" {
                        set_link(&e, item.as_mut());
                    }
                    field = Some((name.clone(), stack.len() + 1, String::new()));
                }
                stack.push(name);
            }
            Event::Empty(e) => {
                let name = lname(e.name().as_ref());
                if let Some((_, _, buf)) = field.as_mut() {
                    buf.push_str(&tag_text(&e, true));
                } else if name == "link" {
                    set_link(&e, item.as_mut());
                }
            }
            Event::End(e) => {
                let name = lname(e.name().as_ref());
                let depth = stack.len();
                if let Some((fname, fdepth, _)) = &field {
                    if *fdepth == depth && *fname == name {
                        let (fname, _, buf) = field.take().unwrap();
                        store(&mut feed, item.as_mut(), &stack, &fname, buf);
                    } else if let Some((_, _, buf)) = field.as_mut() {
                        buf.push_str(&format!("</{name}>"));
                    }
                } else if (name == "item" || name == "entry") && depth == item_depth {
                    if let Some(raw) = item.take() {
                        feed.items.push(finish(raw));
                    }
                }
                stack.pop();
            }
            Event::Text(t) => {
                if let Some((_, _, buf)) = field.as_mut() {
                    match t.unescape() {
                        Ok(s) => buf.push_str(&s),
                        // HTML entities such as &nbsp; are not XML: keep them for the HTML step.
                        Err(_) => buf.push_str(&String::from_utf8_lossy(&t.into_inner())),
                    }
                }
            }
            Event::CData(c) => {
                if let Some((_, _, buf)) = field.as_mut() {
                    buf.push_str(&String::from_utf8_lossy(&c.into_inner()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err("not an RSS or Atom feed (no root element)".into());
    }
    if let Some(raw) = item.take() {
        // The file ended inside an item.
        feed.items.push(finish(raw));
        feed.error.get_or_insert_with(|| "feed ends inside an item".into());
    }
    Ok(feed)
}

fn set_link(e: &BytesStart<'_>, item: Option<&mut RawItem>) {
    let Some(item) = item else { return };
    let mut href = None;
    let mut rel = None;
    for a in e.attributes().flatten() {
        let v = a.unescape_value().map(|v| v.into_owned()).unwrap_or_default();
        match a.key.as_ref() {
            b"href" => href = Some(v),
            b"rel" => rel = Some(v),
            _ => {}
        }
    }
    if let Some(h) = href {
        if rel.as_deref().is_none_or(|r| r == "alternate") && item.link.is_none() {
            item.link = Some(h);
        }
    }
}

fn store(feed: &mut Feed, item: Option<&mut RawItem>, stack: &[String], name: &str, buf: String) {
    let value = buf.trim().to_string();
    if value.is_empty() {
        return;
    }
    let Some(it) = item else {
        // Channel-level title: the outlet. Only the channel's own title, not an image's.
        let parent = stack.len().checked_sub(2).and_then(|i| stack.get(i)).map(String::as_str);
        if name == "title" && feed.title.is_none() && matches!(parent, Some("channel" | "feed")) {
            feed.title = Some(fragment_text(&value));
        }
        return;
    };
    match name {
        "title" => it.title = it.title.take().or(Some(fragment_text(&value))),
        "link" => it.link = it.link.take().or(Some(value)),
        "content:encoded" | "content" => it.content = Some(value),
        "description" | "summary" => it.description = it.description.take().or(Some(value)),
        "pubdate" | "dc:date" | "published" | "issued" | "updated" => it.dates.push(value),
        "guid" | "id" => it.guid = it.guid.take().or(Some(value)),
        "dc:creator" | "name" | "author" => it.author = it.author.take().or(Some(fragment_text(&value))),
        _ => {}
    }
}

fn finish(raw: RawItem) -> Item {
    let body = raw.content.or(raw.description).map(|h| fragment_text(&h)).unwrap_or_default();
    Item { title: raw.title, link: raw.link, body, dates: raw.dates, author: raw.author, guid: raw.guid }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items() {
        let xml = r#"<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Frontline Wire</title><image><title>logo</title></image>
<item><title>Clashes in Tal Afar</title><link>https://fw.example/a</link>
<description><![CDATA[<p>Fighting &amp; shelling.</p><p>Two killed.</p>]]></description>
<pubDate>Mon, 07 Nov 2016 10:00:00 GMT</pubDate><dc:creator>Omar Said</dc:creator></item>
<item><title>Second</title><description>Plain &lt;b&gt;bold&lt;/b&gt; text</description></item>
</channel></rss>"#;
        let f = parse(xml).unwrap();
        assert_eq!(f.title.as_deref(), Some("Frontline Wire"));
        assert_eq!(f.items.len(), 2);
        assert_eq!(f.items[0].body, "Fighting & shelling.\n\nTwo killed.");
        assert_eq!(f.items[0].dates, ["Mon, 07 Nov 2016 10:00:00 GMT"]);
        assert_eq!(f.items[0].author.as_deref(), Some("Omar Said"));
        assert_eq!(f.items[0].link.as_deref(), Some("https://fw.example/a"));
        assert_eq!(f.items[1].body, "Plain bold text");
        assert!(f.error.is_none());
    }

    #[test]
    fn atom_entries_with_xhtml_content() {
        let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title type="html">Raid &amp;amp; arrests</title><link rel="alternate" href="https://a.example/1"/>
<id>urn:1</id><published>2017-02-03T08:00:00Z</published><author><name>Lee Park</name></author>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Police raided a house.</p><p>Five held.</p></div></content></entry></feed>"#;
        let f = parse(xml).unwrap();
        assert_eq!(f.title.as_deref(), Some("Atom Desk"));
        let it = &f.items[0];
        assert_eq!(it.title.as_deref(), Some("Raid & arrests"));
        assert_eq!(it.link.as_deref(), Some("https://a.example/1"));
        assert_eq!(it.body, "Police raided a house.\n\nFive held.");
        assert_eq!(it.author.as_deref(), Some("Lee Park"));
        assert_eq!(it.guid.as_deref(), Some("urn:1"));
    }

    #[test]
    fn non_feeds_are_errors() {
        assert!(parse("just some text").unwrap_err().contains("not XML"));
        assert!(parse("<html><body>x</body></html>").unwrap_err().contains("root element <html>"));
        assert!(parse("<rss><channel><item><title>x</title></item></channel>").is_ok());
        let broken = parse(
            "<rss><channel><item><title>A</title><description>x</description></item><item><title>B</ti",
        );
        let f = broken.unwrap();
        assert_eq!(f.items[0].title.as_deref(), Some("A"));
        assert!(f.error.is_some());
    }
}
