//! Prints every place mention the tagger finds in the given inputs (eval XML files, text
//! files, or folders of them, walked in sorted order): a fixed corpus whose output must not
//! change when recognition is only made faster (`diff` two runs).

use eventwire_places::{Gazetteer, PlaceTagger};
use std::path::{Path, PathBuf};

fn walk(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut kids: Vec<PathBuf> = std::fs::read_dir(p)
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        kids.sort();
        for k in kids {
            walk(&k, out);
        }
    } else {
        out.push(p.to_path_buf());
    }
}

fn main() {
    let tagger = match Gazetteer::load(None) {
        Ok(g) => PlaceTagger::new(g),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        walk(Path::new(&a), &mut files);
    }
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        let docs: Vec<String> = if f.extension().is_some_and(|e| e == "xml") {
            eventwire_places::eval::parse_xml(&text).into_iter().map(|d| d.text).collect()
        } else {
            vec![text]
        };
        for (i, d) in docs.iter().enumerate() {
            println!("== {} #{i}", f.display());
            for m in tagger.tag_text(d) {
                println!("{m:?}");
            }
        }
    }
}
