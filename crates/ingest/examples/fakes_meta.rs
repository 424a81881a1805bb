//! Metadata accuracy on FA-KES (../shared/eval/events/fa-kes-syria-dev/fakes-dev.csv): each
//! `article_content` is ingested as plain text and compared with the set's `article_title`,
//! and with the date that opens the content when it opens with one.
//! Run: `cargo run --release -p eventwire-ingest --example fakes_meta [CSV]`.

use eventwire_ingest::{Hints, Ingest};

fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/eval/events/fa-kes-syria-dev/fakes-dev.csv")
            .into()
    });
    let ingest = Ingest::load(None)?;
    let mut rdr = csv::Reader::from_path(&path)?;
    let headers = rdr.headers()?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name).ok_or(format!("no column {name}"));
    let (c_title, c_text) = (col("article_title")?, col("article_content")?);
    let (mut n, mut title_in_text, mut titles, mut correct) = (0, 0, 0, 0);
    let (mut lead_dates, mut lead_found) = (0, 0);
    for rec in rdr.records() {
        let rec = rec?;
        let (gold, text) = (&rec[c_title], &rec[c_text]);
        n += 1;
        let Ok(doc) = ingest.document("x", None, text.to_string(), &Hints::default(), Vec::new()) else {
            continue;
        };
        // The gold title, without a trailing " - Outlet", as it appears near the top.
        let gold = gold.rsplit_once(" - ").map_or(gold, |(h, _)| h);
        let g = words(gold);
        let head = words(&text.chars().take(400).collect::<String>()).join(" ");
        if g.len() >= 3 && head.contains(&g[..5.min(g.len())].join(" ")) {
            title_in_text += 1;
        }
        if let Some(t) = &doc.meta.title {
            titles += 1;
            let t = words(&t.value);
            let k = t.len().min(g.len()).min(6);
            if k > 0 && t[..k] == g[..k] {
                correct += 1;
            }
        }
        // A leading date: the first date found starts within the first 12 bytes.
        if let Some(f) = eventwire_ingest::find_dates(&text[..text.len().min(60)]).first() {
            if f.start <= 12 && f.readings.iter().any(|r| r.value.len() == 10 && !r.value.contains('X')) {
                lead_dates += 1;
                let want = &f.readings[0].value;
                if doc
                    .meta
                    .date_candidates
                    .iter()
                    .any(|c| c.readings.first().is_some_and(|r| &r.value == want))
                {
                    lead_found += 1;
                }
            }
        }
    }
    println!("articles: {n}");
    println!(
        "titles: {titles} output, {correct} correct (precision {:.3}); gold title present near the top in {title_in_text} (recall {:.3})",
        correct as f64 / titles.max(1) as f64,
        correct as f64 / title_in_text.max(1) as f64
    );
    println!("leading dates: {lead_found} of {lead_dates} found as candidates");
    Ok(())
}
