//! `eventwire eval geoparsing FILE.xml…`: toponym recognition and resolution on LGL /
//! GeoVirus XML. The evaluation itself is [`eventwire_eval::geoparsing`]; this prints it.

use super::eval::skipping;
use eventwire_eval::geoparsing::{self, FileReport};
use eventwire_places::eval::GeoError;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Evaluation files (e.g. ../shared/eval/geoparsing/lgl.xml); absent files are skipped.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Read each article on its own: no outlet homes (an ablation; see `doc.outlet_home`).
    #[arg(long)]
    pub no_outlet_homes: bool,
    // `--errors` prints each missed, spurious and far place.
    #[command(flatten)]
    pub report: super::eval::ReportArgs,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let report = geoparsing::evaluate(&a.files, a.report.data.data_dir.as_deref(), !a.no_outlet_homes)?;
    for f in &report.missing {
        skipping("geoparsing", f, "");
    }
    if report.files.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    if a.report.errors {
        report.files.iter().try_for_each(print_errors)?;
    }
    if a.report.json {
        let v: Vec<serde_json::Value> = report
            .files
            .iter()
            .map(|FileReport { name: n, scores: s, .. }| {
                serde_json::json!({
                    "file": n, "docs": s.docs, "gold": s.gold, "predicted": s.predicted,
                    "true_positives": s.true_positives,
                    "precision": s.precision(), "recall": s.recall(), "f1": s.f1(),
                    "acc161": s.acc161(), "end_to_end_acc161": s.end_to_end_acc161(),
                    "acc161_below_country": s.acc161_local(),
                    "auc": s.auc(), "median_km": s.median_km(),
                })
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        outln!(
            "{:<16} {:>5} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>7} {:>7} {:>6} {:>9} {:>9}",
            "file",
            "docs",
            "gold",
            "pred",
            "P",
            "R",
            "F1",
            "acc@161",
            "e2e@161",
            "AUC",
            "median_km",
            "local@161"
        );
        for FileReport { name: n, scores: s, .. } in &report.files {
            outln!(
                "{:<16} {:>5} {:>6} {:>6}  {:>6.3} {:>6.3} {:>6.3}  {:>7.3} {:>7.3} {:>6.3} {:>9.1} {:>9.3}",
                n,
                s.docs,
                s.gold,
                s.predicted,
                s.precision(),
                s.recall(),
                s.f1(),
                s.acc161(),
                s.end_to_end_acc161(),
                s.auc(),
                s.median_km(),
                s.acc161_local()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_errors(f: &FileReport) -> std::io::Result<()> {
    let name = &f.name;
    for e in &f.errors {
        match e {
            GeoError::Missed { doc, name: n } => outln!("{name}\t{doc}\tmissed\t{n}"),
            GeoError::Spurious { doc, text, resolved } => {
                outln!("{name}\t{doc}\tspurious\t{text}\t{resolved}")
            }
            GeoError::Far { doc, name: n, resolved, gold, km } => {
                outln!("{name}\t{doc}\tfar\t{n}\t{resolved}\t{km:.0} km\tgold {:.2},{:.2}", gold.0, gold.1)
            }
        }
    }
    Ok(())
}
