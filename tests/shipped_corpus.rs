//! The shipped corpus: each article's body is its seed text byte for byte, under
//! front matter holding only what the text supports.

use std::path::Path;

/// (file in corpus/, seed file it was made from, BLAKE3 of the seed's bytes)
const SEEDS: &[(&str, &str, &str)] = &[
    (
        "inside-story-what-do-trump-and-putin-want-from-each-other.md",
        "000_2eff388f354ab293.txt",
        "f6894b4a13e5ffbaeaed5f23b359e2be7b26de065905771c95af44dac9142ed2",
    ),
    (
        "trump-putin-past-relationship-anchorage-summit.md",
        "001_b0867041d7a01416.txt",
        "5bc00b8b5bdbb2f7aa43c722099dcbd1fce0bb6bf7c7e73d81edb50e59d2edf8",
    ),
    (
        "what-putin-really-wants-from-trump.md",
        "002_2b2fcb02e4ff5d70.txt",
        "ca12271ba8b82c522861c6eb8853b8a143a6707b6f5030a658f47eac0c609a99",
    ),
    (
        "trump-and-putin-hit-it-off-at-apec-summit.md",
        "003_f3fdf2c1238f5190.txt",
        "1edc69a4f7403577bcc01877af9ae898e1cea99b8caad51e8e7a529587cdb87e",
    ),
    (
        "look-what-trump-and-putin-talked-about-saturday.md",
        "004_aef599e60b3831e6.txt",
        "cc70803aaf4ca8c18853c313f99f502f0acd46f1345dd7377222bbee4dc51247",
    ),
];

fn body_of(file: &[u8]) -> &[u8] {
    assert!(file.starts_with(b"+++\n"), "front matter first");
    let rest = &file[4..];
    let close = rest
        .windows(5)
        .position(|w| w == b"\n+++\n")
        .expect("closing +++")
        + 5;
    &rest[close..]
}

#[test]
fn bodies_are_the_seed_texts_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = root.join("../shared/seeds");
    for (file, seed, hash) in SEEDS {
        let bytes = std::fs::read(root.join("corpus").join(file)).unwrap();
        let body = body_of(&bytes);
        assert_eq!(
            blake3::hash(body).to_hex().as_str(),
            *hash,
            "{file} differs from seed {seed}"
        );
        // Where the seeds themselves are at hand (CI has shared/ beside the clone),
        // compare with them directly too.
        if let Ok(original) = std::fs::read(seeds.join(seed)) {
            assert_eq!(body, original.as_slice(), "{file} differs from seed {seed}");
        }
    }
    let shipped = std::fs::read_dir(root.join("corpus")).unwrap().count();
    assert_eq!(
        shipped,
        SEEDS.len(),
        "every shipped article is one of the seeds"
    );
}

#[test]
fn front_matter_invents_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, _, _) in SEEDS {
        let text = std::fs::read_to_string(root.join("corpus").join(file)).unwrap();
        let front = text[4..].split("\n+++\n").next().unwrap();
        let table: toml::Table = toml::from_str(front).unwrap();
        assert!(
            !table.contains_key("url"),
            "{file}: the seeds carry no links, so none may be set"
        );
        assert!(
            table.contains_key("title") && table.contains_key("published"),
            "{file}"
        );
    }
}
