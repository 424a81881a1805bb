//! Write a generated corpus of realistic wire articles as JSON Lines.
//!
//! `cargo run --release -p eventwire-store --example gen_corpus -- OUT.jsonl N [SEED]`

use std::io::BufWriter;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(n)) = (args.first(), args.get(1).and_then(|n| n.parse::<u64>().ok())) else {
        eprintln!("usage: gen_corpus OUT.jsonl N [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let file = match std::fs::File::create(out) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("gen_corpus: cannot create {out}: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = eventwire_store::synth::write_jsonl(seed, n, &mut BufWriter::new(file)) {
        eprintln!("gen_corpus: {e}");
        std::process::exit(1);
    }
    eprintln!("wrote {n} articles to {out}");
}
