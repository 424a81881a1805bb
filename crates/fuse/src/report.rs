//! The situation report: key developments by area and date, control changes, figures with
//! their claimants, open disagreements. Every sentence cites numbered sources.

use crate::claims::{serde_plain_category, Claim, ConflictKind, Subject};
use crate::control::PlaceControl;
use crate::merge::Fused;
use eventwire_model::{FigureCategory, Modality};
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
    /// Key developments (already selected), any order.
    pub events: Vec<ReportEvent>,
    pub control: Vec<PlaceControl>,
    pub subjects: Vec<Subject>,
    /// Every document that may be cited.
    pub sources: Vec<Source>,
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
    let place = f.place.as_ref().map(|p| p.name.as_str()).unwrap_or("an unknown place");
    let date = match (&f.date, f.date_is_report_date) {
        (Some(d), false) => d.clone(),
        (Some(d), true) => format!("by {d}"),
        (None, _) => "undated".into(),
    };
    let claimed = if f.modality == Modality::Reported { " (claimed)" } else { "" };
    let attempted = f.modality == Modality::Attempted;
    let sub = f.sub_event_type.as_str();
    let mut s = match sub {
        "Government regains territory" | "Non-state actor overtakes territory" => {
            let verb = if attempted { "tried to take" } else { "took" };
            match &f.actor2 {
                Some(a2) => format!("{}: {} {verb} {place} from {a2}{claimed}", date, actor(&f.actor1)),
                None => format!("{}: {} {verb} {place}{claimed}", date, actor(&f.actor1)),
            }
        }
        "Non-violent transfer of territory" => {
            format!("{}: {} took over {place} without fighting{claimed}", date, actor(&f.actor1))
        }
        _ if f.event_type == "Battles" => match (&f.actor1, &f.actor2) {
            (Some(a), Some(b)) => format!("{date}: {a} and {b} fought in {place} ({sub}){claimed}"),
            _ => format!("{date}: {} fought in {place} ({sub}){claimed}", actor(&f.actor1)),
        },
        _ => {
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
    // Number sources by publication date among those cited anywhere.
    let mut cited: BTreeSet<i64> = BTreeSet::new();
    cited.extend(data.events.iter().flat_map(|e| e.docs.iter().copied()));
    cited.extend(data.control.iter().flat_map(|p| p.steps.iter().flat_map(|s| s.docs.iter().copied())));
    cited.extend(data.subjects.iter().flat_map(|s| s.claims.iter().map(|c| c.doc)));
    let by_id: BTreeMap<i64, &Source> = data.sources.iter().map(|s| (s.doc, s)).collect();
    let mut order: Vec<&Source> = cited.iter().filter_map(|d| by_id.get(d).copied()).collect();
    order.sort_by(|a, b| {
        (a.published.as_deref().unwrap_or("~"), a.doc).cmp(&(b.published.as_deref().unwrap_or("~"), b.doc))
    });
    let numbers: BTreeMap<i64, usize> = order.iter().enumerate().map(|(i, s)| (s.doc, i + 1)).collect();
    let all: Vec<i64> = order.iter().map(|s| s.doc).collect();

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
    let span = {
        let dates: Vec<&str> = order.iter().filter_map(|s| s.published.as_deref()).collect();
        match (dates.iter().min(), dates.iter().max()) {
            (Some(a), Some(b)) => format!(", published {a} to {b}"),
            _ => String::new(),
        }
    };
    if all.is_empty() {
        w.para_plain("No events, control changes or figures were found in the stored articles.");
    } else {
        w.para(
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

    // Key developments, by area then date.
    if !data.events.is_empty() {
        w.heading(2, "Key developments");
        let mut areas: BTreeMap<String, Vec<&ReportEvent>> = BTreeMap::new();
        for e in &data.events {
            areas.entry(area_of(&e.fused)).or_default().push(e);
        }
        for (area, mut evs) in areas {
            // Undated events last: "unknown" is reported, not dropped.
            evs.sort_by(|a, b| {
                let key = |e: &ReportEvent| (e.fused.date.is_none(), e.fused.date.clone(), e.id);
                key(a).cmp(&key(b))
            });
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
            w.heading(3, &title);
            w.list_start();
            for e in evs {
                w.item(&event_sentence(&e.fused), &e.docs);
            }
            w.list_end();
        }
    }

    if !data.control.is_empty() {
        w.heading(2, "Control changes");
        w.list_start();
        for pc in &data.control {
            for s in &pc.steps {
                let mut t = format!("{}: {} (confidence {:.2})", pc.place.name, s.summary(), s.confidence);
                for n in &s.notes {
                    let _ = write!(t, "; {n}");
                }
                w.item(&t, &s.docs);
            }
        }
        w.list_end();
    }

    let figure_sections = [
        ("Casualty figures", &[FigureCategory::Killed, FigureCategory::Wounded][..]),
        ("Displacement figures", &[FigureCategory::Displaced, FigureCategory::Returned][..]),
        ("Strength estimates", &[FigureCategory::Fighters, FigureCategory::Troops][..]),
    ];
    for (title, cats) in figure_sections {
        let subjects: Vec<&Subject> = data.subjects.iter().filter(|s| cats.contains(&s.category)).collect();
        if subjects.is_empty() {
            continue;
        }
        w.heading(2, title);
        w.list_start();
        for s in subjects {
            let parts: Vec<String> = s.claims.iter().map(claim_text).collect();
            let docs: Vec<i64> = s.claims.iter().map(|c| c.doc).collect();
            let mut t = format!("{}: {}", s.label, parts.join("; "));
            if s.changes_over_time && s.disagreements.is_empty() {
                t.push_str(" (values change over time)");
            }
            w.item(&t, &docs);
        }
        w.list_end();
    }

    let disputes: Vec<(&Subject, &crate::claims::Disagreement)> =
        data.subjects.iter().flat_map(|s| s.disagreements.iter().map(move |d| (s, d))).collect();
    if !disputes.is_empty() {
        w.heading(2, "Open disagreements");
        w.list_start();
        for (s, d) in disputes {
            let (Some(a), Some(b)) = (s.claims.get(d.a), s.claims.get(d.b)) else { continue };
            let why = match d.kind {
                ConflictKind::SamePeriod => "for the same period".to_string(),
                ConflictKind::TotalDecreased => {
                    format!("although a running total of {} cannot fall", serde_plain_category(s.category))
                }
            };
            let t = format!("{}: {} against {}, {why}", s.label, claim_text(a), claim_text(b));
            w.item(&t, &[a.doc, b.doc]);
        }
        w.list_end();
    }

    if !order.is_empty() {
        w.heading(2, "Sources");
        match format {
            ReportFormat::Markdown => {}
            ReportFormat::Html => w.out.push_str("<ol>\n"),
        }
        for (i, s) in order.iter().enumerate() {
            let n = i + 1;
            let mut t = s.title.clone().unwrap_or_else(|| "(untitled)".into());
            let _ = write!(t, " — {}", s.outlet.as_deref().unwrap_or("unknown outlet"));
            let _ = write!(t, ", {}", s.published.as_deref().unwrap_or("undated"));
            if let Some(u) = &s.url {
                let _ = write!(t, ", {u}");
            }
            let copy = s.copy_of.and_then(|c| w.numbers.get(&c)).map(|c| format!(" (copy of [{c}])"));
            match format {
                ReportFormat::Markdown => {
                    let _ = writeln!(w.out, "{n}. {}{}", md_escape(&t), copy.unwrap_or_default());
                }
                ReportFormat::Html => {
                    let _ = writeln!(
                        w.out,
                        "<li id=\"src-{n}\">{}{}</li>",
                        html_escape(&t),
                        html_escape(&copy.unwrap_or_default())
                    );
                }
            }
        }
        if format == ReportFormat::Html {
            w.out.push_str("</ol>\n");
        }
    }
    if format == ReportFormat::Html {
        w.out.push_str("</body></html>\n");
    }
    w.out
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
