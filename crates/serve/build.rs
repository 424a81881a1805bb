//! Embeds the built front-end (`web/dist`, made by `scripts/setup` → `npm run build`) into the
//! binary, so `serve` needs no node at run time. When the bundle is missing the crate still
//! builds with a placeholder page (and a cargo warning), so the API and the rest of the
//! workspace never depend on npm.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let dist = std::env::var_os("EVENTWIRE_WEB_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../web/dist"));
    println!("cargo:rerun-if-env-changed=EVENTWIRE_WEB_DIST");
    println!("cargo:rerun-if-changed={}", dist.display());
    println!("cargo:rerun-if-changed=src/placeholder.html");

    let mut files = Vec::new();
    let built = dist.join("index.html").is_file();
    if built {
        collect(&dist, &dist, &mut files);
    } else {
        println!(
            "cargo:warning=web UI bundle not found at {}: embedding a placeholder page. \
             Run scripts/setup (or `npm ci && npm run build` in web/) and rebuild.",
            dist.display()
        );
        files.push(("index.html".to_string(), manifest.join("src/placeholder.html")));
    }
    files.sort();

    let mut out = String::new();
    writeln!(out, "/// True when the real front-end bundle was embedded (not the placeholder).").unwrap();
    writeln!(out, "pub const BUNDLE_BUILT: bool = {built};").unwrap();
    writeln!(out, "/// Embedded files: (path relative to the bundle root, bytes).").unwrap();
    writeln!(out, "pub static FILES: &[(&str, &[u8])] = &[").unwrap();
    for (rel, abs) in &files {
        let abs = abs.canonicalize().unwrap_or_else(|_| abs.clone());
        writeln!(out, "    ({rel:?}, include_bytes!({:?})),", abs.display().to_string()).unwrap();
    }
    writeln!(out, "];").unwrap();
    let out_path = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("assets.rs");
    std::fs::write(out_path, out).unwrap();
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if path.is_file() {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            // Only names a URL can carry without escaping.
            if rel.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) {
                files.push((rel, path));
            }
        }
    }
}
