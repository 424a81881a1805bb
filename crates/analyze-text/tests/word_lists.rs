//! A user's word lists extend the segmenter (its own process: the lists are process-wide).

use std::path::PathBuf;

fn data_dir(name: &str, abbreviations: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ew-text-{name}-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("text")).unwrap();
    std::fs::write(dir.join("text/abbreviations.txt"), abbreviations).unwrap();
    dir
}

#[test]
fn user_abbreviations_keep_a_sentence_whole_and_late_additions_are_refused() {
    let text = "Troops met Cmdte. Ruiz near the river. They left.";
    // "Cmdte." is not an embedded abbreviation.
    let dir = data_dir("a", "# Spanish ranks, without the period\nCmdte\n");
    eventwire_text::load_word_lists(Some(&dir)).unwrap();
    let seg = eventwire_text::segment(text);
    assert_eq!(seg.sentences.len(), 2, "{:?}", seg.sentences);
    // The same entries again are fine; new ones after segmenting are refused with the file.
    eventwire_text::load_word_lists(Some(&dir)).unwrap();
    let late = data_dir("b", "Sgto\n");
    let err = eventwire_text::load_word_lists(Some(&late)).unwrap_err().to_string();
    assert!(err.contains("abbreviations.txt") && err.contains("already in use"), "{err}");
    // A directory without word lists adds nothing.
    eventwire_text::load_word_lists(Some(&std::env::temp_dir().join("ew-text-none"))).unwrap();
    for d in [dir, late] {
        std::fs::remove_dir_all(d).unwrap();
    }
}
