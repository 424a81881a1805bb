//! The situation report: key developments by area and date, control changes, figures with
//! their claimants, open disagreements, and a short list of other (non-conflict) news. Every
//! sentence cites numbered sources. Only conflict news reaches the conflict sections: other-scope
//! and background events handed in among `events` are left out.

use crate::claims::{serde_plain_category, Claim, ConflictKind, Subject};
use crate::control::PlaceControl;
use crate::merge::Fused;
use eventwire_model::taxonomy::Territory;
use eventwire_model::{taxonomy, EventCategory, FigureCategory, Modality, Scope};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// An article that may be cited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub doc: i64,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// The document this one copies or rewrites.
    pub copy_of: Option<i64>,
}

/// A merged event with the documents that report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportEvent {
    pub id: i64,
    pub fused: Fused,
    pub docs: Vec<i64>,
}

/// Everything a report is written from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportData {
    pub title: String,
    pub n_documents: usize,
    pub n_independent_documents: usize,
    /// Key developments (already selected), any order. Only conflict news is reported.
    pub events: Vec<ReportEvent>,
    pub control: Vec<PlaceControl>,
    pub subjects: Vec<Subject>,
    /// Every document that may be cited.
    pub sources: Vec<Source>,
    /// Other-scope news (already selected), any order: listed apart, after the conflict
    /// sections. Background (historical) events are not reported.
    #[serde(default)]
    pub other_news: Vec<ReportEvent>,
}

/// Output format of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportFormat {
    #[default]
    Markdown,
    Html,
}

/// Escape text for HTML element content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A report under construction: text pieces are escaped, citations are not.
struct Writer {
    format: ReportFormat,
    out: String,
    numbers: BTreeMap<i64, usize>,
}

impl Writer {
    fn esc(&self, s: &str) -> String {
        match self.format {
            ReportFormat::Markdown => md_escape(s),
            ReportFormat::Html => html_escape(s),
        }
    }

    fn cite(&self, docs: &[i64]) -> String {
        let mut ns: Vec<usize> = docs.iter().filter_map(|d| self.numbers.get(d).copied()).collect();
        ns.sort_unstable();
        ns.dedup();
        ns.iter()
            .map(|n| match self.format {
                // Plain `[1]`: no link definition follows, so Markdown shows it as written.
                ReportFormat::Markdown => format!("[{n}]"),
                ReportFormat::Html => format!("<a href=\"#src-{n}\">[{n}]</a>"),
            })
            .collect()
    }

    fn heading(&mut self, level: usize, text: &str) {
        let t = self.esc(text);
        match self.format {
            ReportFormat::Markdown => {
                let _ = writeln!(self.out, "\n{} {t}\n", "#".repeat(level));
            }
            ReportFormat::Html => {
                let _ = writeln!(self.out, "<h{level}>{t}</h{level}>");
            }
        }
    }

    fn list_start(&mut self) {
        if self.format == ReportFormat::Html {
            self.out.push_str("<ul>\n");
        }
    }

    fn list_end(&mut self) {
        if self.format == ReportFormat::Html {
            self.out.push_str("</ul>\n");
        }
    }

    /// One cited statement: `text` is raw (escaped here), the citation is appended.
    fn item(&mut self, text: &str, docs: &[i64]) {
        let t = self.esc(text);
        let c = self.cite(docs);
        match self.format {
            ReportFormat::Markdown => {
                let _ = writeln!(self.out, "- {t} {c}.");
            }
            ReportFormat::Html => {
                let _ = writeln!(self.out, "<li>{t} {c}.</li>");
            }
        }
    }

    fn para(&mut self, text: &str, docs: &[i64]) {
        let t = self.esc(text);
        let c = self.cite(docs);
        match self.format {
            ReportFormat::Markdown => {
                let _ = writeln!(self.out, "{t} {c}.");
            }
            ReportFormat::Html => {
                let _ = writeln!(self.out, "<p>{t} {c}.</p>");
            }
        }
    }
}

fn actor(a: &Option<String>) -> &str {
    a.as_deref().unwrap_or("unidentified forces")
}

/// One sentence (without citation) for a merged event.
pub fn event_sentence(f: &Fused) -> String {
    let name = f.place.as_ref().map(|p| p.name.as_str()).unwrap_or("an unknown place");
    // A place from the event's context (the sentence before, the dateline, the article's
    // province) says only roughly where.
    let rough = f.location.as_ref().is_some_and(|l| !l.is_own());
    let (taken, place) = if rough {
        (format!("ground in the area of {name}"), format!("the area of {name}"))
    } else {
        (name.to_string(), name.to_string())
    };
    let date = match (&f.date, f.date_is_report_date) {
        (Some(d), false) => d.clone(),
        (Some(d), true) => format!("by {d}"),
        (None, _) => "undated".into(),
    };
    let claimed = if f.modality == Modality::Reported { " (claimed)" } else { "" };
    let attempted = f.modality == Modality::Attempted;
    let sub = f.sub_event_type.as_str();
    let t = taxonomy();
    let mut s = match t.territory_of(sub) {
        Some(Territory::Taken) => {
            let verb = if attempted { "tried to take" } else { "took" };
            match &f.actor2 {
                Some(a2) => format!("{}: {} {verb} {taken} from {a2}{claimed}", date, actor(&f.actor1)),
                None => format!("{}: {} {verb} {taken}{claimed}", date, actor(&f.actor1)),
            }
        }
        Some(Territory::Transferred) => {
            format!("{}: {} took over {taken} without fighting{claimed}", date, actor(&f.actor1))
        }
        None if t.is_mutual(&f.event_type) => match (&f.actor1, &f.actor2) {
            (Some(a), Some(b)) => format!("{date}: {a} and {b} fought in {place} ({sub}){claimed}"),
            _ => format!("{date}: {} fought in {place} ({sub}){claimed}", actor(&f.actor1)),
        },
        None => {
            let by = f.actor1.as_ref().map(|a| format!(" by {a}")).unwrap_or_default();
            let on = f.actor2.as_ref().map(|a| format!(" against {a}")).unwrap_or_default();
            let what = if attempted { format!("attempted {}", sub.to_lowercase()) } else { sub.to_string() };
            format!("{date}: {what}{by}{on} in {place}{claimed}")
        }
    };
    match (f.fatalities_min, f.fatalities_max) {
        (Some(lo), Some(hi)) if lo != hi => {
            let _ = write!(s, "; {lo}–{hi} killed according to differing reports");
        }
        (Some(n), _) if n > 0 => {
            let _ = write!(s, "; {n} killed");
        }
        _ => {}
    }
    if f.date_anchored {
        s.push_str("; date from another report of the same event");
    }
    if f.n_sources > 1 {
        let _ = write!(s, "; {} reports, {} independent", f.n_sources, f.n_independent);
    }
    s
}

/// What an other-scope event is, in words.
fn category_text(c: Option<EventCategory>) -> &'static str {
    match c {
        Some(EventCategory::NaturalDisaster) => "natural disaster",
        Some(EventCategory::ManMadeDisaster) => "accident or man-made disaster",
        Some(EventCategory::OrganizedCrime) => "organised crime",
        Some(EventCategory::DiplomaticEvent) => "diplomatic event",
        Some(EventCategory::Attribution) => "claim of responsibility",
        None => "other news",
    }
}

/// One sentence (without citation) for other-scope news: what, who, where, when. Its figures
/// are not conflict fatalities and are not repeated here.
pub fn other_news_sentence(f: &Fused) -> String {
    let place = f.place.as_ref().map(|p| format!(" in {}", p.name)).unwrap_or_default();
    let date = match (&f.date, f.date_is_report_date) {
        (Some(d), false) => d.clone(),
        (Some(d), true) => format!("by {d}"),
        (None, _) => "undated".into(),
    };
    let who = match (&f.actor1, &f.actor2) {
        (Some(a), Some(b)) => format!(" involving {a} and {b}"),
        (Some(a), None) | (None, Some(a)) => format!(" involving {a}"),
        (None, None) => String::new(),
    };
    let claimed = if f.modality == Modality::Reported { " (claimed)" } else { "" };
    let mut s = format!("{date}: {}{who}{place}{claimed}", category_text(f.class.category));
    if f.n_sources > 1 {
        let _ = write!(s, "; {} reports, {} independent", f.n_sources, f.n_independent);
    }
    s
}

fn claim_text(c: &Claim) -> String {
    let mut s = c.value_text();
    let who = c.claimant.as_deref().unwrap_or("unattributed");
    match &c.as_of {
        Some(d) => {
            let _ = write!(s, " ({who}, as of {d})");
        }
        None => {
            let _ = write!(s, " ({who})");
        }
    }
    s
}

fn area_of(f: &Fused) -> String {
    match &f.place {
        Some(p) => p
            .admin1
            .clone()
            .or(p.country.clone())
            .or(p.country_code.clone())
            .unwrap_or_else(|| p.name.clone()),
        None => "Unlocated".into(),
    }
}

/// Render the report.
pub fn render_report(data: &ReportData, format: ReportFormat) -> String {
    let events: Vec<&ReportEvent> = data.events.iter().filter(|e| e.fused.is_conflict_news()).collect();
    let other_news: Vec<&ReportEvent> = data
        .other_news
        .iter()
        .filter(|e| e.fused.class.scope == Scope::Other && !e.fused.class.historical)
        .collect();
    // Number sources by publication date among those cited anywhere.
    let mut cited: BTreeSet<i64> = BTreeSet::new();
    cited.extend(events.iter().chain(&other_news).flat_map(|e| e.docs.iter().copied()));
    cited.extend(data.control.iter().flat_map(|p| p.steps.iter().flat_map(|s| s.docs.iter().copied())));
    cited.extend(data.subjects.iter().flat_map(|s| s.claims.iter().map(|c| c.doc)));
    let by_id: BTreeMap<i64, &Source> = data.sources.iter().map(|s| (s.doc, s)).collect();
    let mut order: Vec<&Source> = cited.iter().filter_map(|d| by_id.get(d).copied()).collect();
    order.sort_by(|a, b| {
        (a.published.as_deref().unwrap_or("~"), a.doc).cmp(&(b.published.as_deref().unwrap_or("~"), b.doc))
    });
    let numbers: BTreeMap<i64, usize> = order.iter().enumerate().map(|(i, s)| (s.doc, i + 1)).collect();

    let mut w = Writer { format, out: String::new(), numbers };
    if format == ReportFormat::Html {
        let _ = writeln!(
            w.out,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>",
            html_escape(&data.title)
        );
    }
    match format {
        ReportFormat::Markdown => {
            let _ = writeln!(w.out, "# {}\n", md_escape(&data.title));
        }
        ReportFormat::Html => {
            let _ = writeln!(w.out, "<h1>{}</h1>", html_escape(&data.title));
        }
    }
    w.summary(data, &order);
    w.key_developments(events);
    w.control_changes(&data.control);
    w.figures(&data.subjects);
    w.disagreements(&data.subjects);
    w.other_news(other_news);
    w.sources(&order);
    if format == ReportFormat::Html {
        w.out.push_str("</body></html>\n");
    }
    w.out
}

/// Undated events last: "unknown" is reported, not dropped.
fn by_date(events: &mut [&ReportEvent]) {
    events.sort_by(|a, b| {
        let key = |e: &ReportEvent| (e.fused.date.is_none(), e.fused.date.clone(), e.id);
        key(a).cmp(&key(b))
    });
}

/// The report's sections, in the order [`render_report`] writes them.
impl Writer {
    fn summary(&mut self, data: &ReportData, order: &[&Source]) {
        let all: Vec<i64> = order.iter().map(|s| s.doc).collect();
        let span = {
            let dates: Vec<&str> = order.iter().filter_map(|s| s.published.as_deref()).collect();
            match (dates.iter().min(), dates.iter().max()) {
                (Some(a), Some(b)) => format!(", published {a} to {b}"),
                _ => String::new(),
            }
        };
        if all.is_empty() {
            self.para_plain("No events, control changes or figures were found in the stored articles.");
        } else {
            self.para(
                &format!(
                    "This report draws on {} stored articles ({} independent once copies and rewrites are \
                     set aside){span}; {} of them are cited",
                    data.n_documents,
                    data.n_independent_documents,
                    all.len()
                ),
                &all,
            );
        }
    }

    /// Key developments, by area then date.
    fn key_developments(&mut self, events: Vec<&ReportEvent>) {
        if events.is_empty() {
            return;
        }
        self.heading(2, "Key developments");
        let mut areas: BTreeMap<String, Vec<&ReportEvent>> = BTreeMap::new();
        for e in events {
            areas.entry(area_of(&e.fused)).or_default().push(e);
        }
        for (area, mut evs) in areas {
            by_date(&mut evs);
            let mut names: BTreeMap<&str, usize> = BTreeMap::new();
            for e in &evs {
                if let Some(p) = &e.fused.place {
                    *names.entry(p.name.as_str()).or_default() += 1;
                }
            }
            let mut top: Vec<(&str, usize)> = names.into_iter().collect();
            top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let top: Vec<&str> = top.iter().take(3).map(|x| x.0).filter(|n| *n != area).collect();
            let title = if top.is_empty() { area.clone() } else { format!("{area} ({})", top.join(", ")) };
            self.heading(3, &title);
            self.list_start();
            for e in evs {
                self.item(&event_sentence(&e.fused), &e.docs);
            }
            self.list_end();
        }
    }

    fn control_changes(&mut self, control: &[PlaceControl]) {
        if control.is_empty() {
            return;
        }
        self.heading(2, "Control changes");
        self.list_start();
        for pc in control {
            for s in &pc.steps {
                let mut t = format!("{}: {} (confidence {:.2})", pc.place.name, s.summary(), s.confidence);
                for n in &s.notes {
                    let _ = write!(t, "; {n}");
                }
                self.item(&t, &s.docs);
            }
        }
        self.list_end();
    }

    fn figures(&mut self, all: &[Subject]) {
        let figure_sections = [
            ("Casualty figures", &[FigureCategory::Killed, FigureCategory::Wounded][..]),
            ("Displacement figures", &[FigureCategory::Displaced, FigureCategory::Returned][..]),
            ("Strength estimates", &[FigureCategory::Fighters, FigureCategory::Troops][..]),
        ];
        for (title, cats) in figure_sections {
            let subjects: Vec<&Subject> = all.iter().filter(|s| cats.contains(&s.category)).collect();
            if subjects.is_empty() {
                continue;
            }
            self.heading(2, title);
            self.list_start();
            for s in subjects {
                let parts: Vec<String> = s.claims.iter().map(claim_text).collect();
                let docs: Vec<i64> = s.claims.iter().map(|c| c.doc).collect();
                let mut t = format!("{}: {}", s.label, parts.join("; "));
                if s.changes_over_time && s.disagreements.is_empty() {
                    t.push_str(" (values change over time)");
                }
                self.item(&t, &docs);
            }
            self.list_end();
        }
    }

    fn disagreements(&mut self, subjects: &[Subject]) {
        let disputes: Vec<(&Subject, &crate::claims::Disagreement)> =
            subjects.iter().flat_map(|s| s.disagreements.iter().map(move |d| (s, d))).collect();
        if disputes.is_empty() {
            return;
        }
        self.heading(2, "Open disagreements");
        self.list_start();
        for (s, d) in disputes {
            let (Some(a), Some(b)) = (s.claims.get(d.a), s.claims.get(d.b)) else { continue };
            let why = match d.kind {
                ConflictKind::SamePeriod => "for the same period".to_string(),
                ConflictKind::TotalDecreased => {
                    format!("although a running total of {} cannot fall", serde_plain_category(s.category))
                }
            };
            let t = format!("{}: {} against {}, {why}", s.label, claim_text(a), claim_text(b));
            self.item(&t, &[a.doc, b.doc]);
        }
        self.list_end();
    }

    fn other_news(&mut self, mut items: Vec<&ReportEvent>) {
        if items.is_empty() {
            return;
        }
        self.heading(2, "Other news");
        self.para_plain("Not conflict events: kept out of the sections above, the timeline and the exports.");
        if self.format == ReportFormat::Markdown {
            self.out.push('\n');
        }
        by_date(&mut items);
        self.list_start();
        for e in items {
            self.item(&other_news_sentence(&e.fused), &e.docs);
        }
        self.list_end();
    }

    fn sources(&mut self, order: &[&Source]) {
        if order.is_empty() {
            return;
        }
        self.heading(2, "Sources");
        if self.format == ReportFormat::Html {
            self.out.push_str("<ol>\n");
        }
        for (i, s) in order.iter().enumerate() {
            let n = i + 1;
            let mut t = s.title.clone().unwrap_or_else(|| "(untitled)".into());
            let _ = write!(t, " — {}", s.outlet.as_deref().unwrap_or("unknown outlet"));
            let _ = write!(t, ", {}", s.published.as_deref().unwrap_or("undated"));
            if let Some(u) = &s.url {
                let _ = write!(t, ", {u}");
            }
            let copy = s.copy_of.and_then(|c| self.numbers.get(&c)).map(|c| format!(" (copy of [{c}])"));
            match self.format {
                ReportFormat::Markdown => {
                    let _ = writeln!(self.out, "{n}. {}{}", md_escape(&t), copy.unwrap_or_default());
                }
                ReportFormat::Html => {
                    let _ = writeln!(
                        self.out,
                        "<li id=\"src-{n}\">{}{}</li>",
                        html_escape(&t),
                        html_escape(&copy.unwrap_or_default())
                    );
                }
            }
        }
        if self.format == ReportFormat::Html {
            self.out.push_str("</ol>\n");
        }
    }
}

impl Writer {
    fn para_plain(&mut self, text: &str) {
        let t = self.esc(text);
        match self.format {
            ReportFormat::Markdown => {
                let _ = writeln!(self.out, "{t}");
            }
            ReportFormat::Html => {
                let _ = writeln!(self.out, "<p>{t}</p>");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::tests::{ev, place};
    use crate::merge::{Cluster, EventRecord};
    use eventwire_model::Scope;

    fn report_event(id: i64, e: EventRecord) -> ReportEvent {
        let doc = e.doc;
        ReportEvent { id, fused: Cluster { members: vec![e] }.fused(), docs: vec![doc] }
    }

    fn source(doc: i64) -> Source {
        Source {
            doc,
            title: Some(format!("Article {doc}")),
            outlet: None,
            published: Some("2016-11-08".into()),
            url: None,
            copy_of: None,
        }
    }

    #[test]
    fn sentences_follow_the_taxonomys_roles() {
        let town = place("Tel Hamra", 36.1, 43.2);
        let take =
            ev(1, 1, "Non-state actor overtakes territory", "2016-11-07", town.clone(), "Rebels", "Army");
        let s = event_sentence(&Cluster { members: vec![take] }.fused());
        assert_eq!(s, "2016-11-07: Rebels took Tel Hamra from Army");
        let handover = ev(2, 2, "Non-violent transfer of territory", "2016-11-07", town.clone(), "Army", "");
        let s = event_sentence(&Cluster { members: vec![handover] }.fused());
        assert_eq!(s, "2016-11-07: Army took over Tel Hamra without fighting");
        let clash = ev(3, 3, "Armed clash", "2016-11-07", town.clone(), "Army", "Rebels");
        let s = event_sentence(&Cluster { members: vec![clash] }.fused());
        assert_eq!(s, "2016-11-07: Army and Rebels fought in Tel Hamra (Armed clash)");
        let attack = ev(4, 4, "Attack", "2016-11-07", town, "Rebels", "Civilians");
        let s = event_sentence(&Cluster { members: vec![attack.clone()] }.fused());
        assert_eq!(s, "2016-11-07: Attack by Rebels against Civilians in Tel Hamra");
        // Located only by its context: roughly where.
        let context = eventwire_model::EventLocation {
            geo_precision: 3,
            admin_level: eventwire_model::AdminLevel::Province,
            source: eventwire_model::LocationSource::Focus,
            start: 0,
            end: 9,
            relative: None,
            point_from: None,
        };
        let mut rough = attack;
        rough.location = Some(context.clone());
        let s = event_sentence(&Cluster { members: vec![rough] }.fused());
        assert_eq!(s, "2016-11-07: Attack by Rebels against Civilians in the area of Tel Hamra");
        let mut take = ev(
            5,
            5,
            "Non-state actor overtakes territory",
            "2016-11-07",
            place("Tel Hamra", 36.1, 43.2),
            "Rebels",
            "",
        );
        take.location = Some(context);
        let s = event_sentence(&Cluster { members: vec![take] }.fused());
        assert_eq!(s, "2016-11-07: Rebels took ground in the area of Tel Hamra");
    }

    #[test]
    fn only_conflict_news_reaches_the_conflict_sections() {
        let town = place("Tel Hamra", 36.1, 43.2);
        let news = ev(1, 1, "Attack", "2016-11-07", town.clone(), "Rebels", "");
        let mut quake = ev(2, 2, "Attack", "2016-11-06", town.clone(), "", "");
        quake.class.scope = Scope::Other;
        quake.class.category = Some(EventCategory::NaturalDisaster);
        let mut past = ev(3, 3, "Attack", "1982-02-02", town, "Army", "");
        past.class.historical = true;
        let (news, quake, past) = (report_event(1, news), report_event(2, quake), report_event(3, past));
        let data = ReportData {
            title: "T".into(),
            n_documents: 3,
            n_independent_documents: 3,
            // Other-scope and background events handed in as developments are left out.
            events: vec![news, quake.clone(), past.clone()],
            other_news: vec![quake, past],
            sources: (1..=3).map(source).collect(),
            ..Default::default()
        };
        let md = render_report(&data, ReportFormat::Markdown);
        let (conflict, other) = md.split_once("## Other news").expect(&md);
        assert!(conflict.contains("2016-11-07: Attack by Rebels in Tel Hamra [1]."), "{md}");
        assert!(!conflict.contains("2016-11-06") && !md.contains("1982"), "{md}");
        assert!(other.contains("- 2016-11-06: natural disaster in Tel Hamra [2]."), "{md}");
        assert!(!md.contains("Article 3"), "a background mention is not cited: {md}");
        // No other news: no section, and the rest as before.
        let data = ReportData { other_news: Vec::new(), ..data };
        let md = render_report(&data, ReportFormat::Html);
        assert!(!md.contains("Other news") && md.contains("Key developments"), "{md}");
    }
}
