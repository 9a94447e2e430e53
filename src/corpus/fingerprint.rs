//! Near-duplicate fingerprints: MinHash over word 4-shingles, with LSH band keys.
//!
//! Two articles whose shingle sets have a Jaccard similarity of about 0.5 or more
//! (the same text saved twice, one story syndicated with different page furniture)
//! share at least one band key with high probability; [`similarity`] then confirms.

/// Number of MinHash values in a signature.
pub const SIGNATURE_LEN: usize = 128;
/// Rows per LSH band; `SIGNATURE_LEN / BAND_ROWS` bands.
const BAND_ROWS: usize = 4;
/// Words per shingle.
const SHINGLE_WORDS: usize = 4;
/// Estimated Jaccard similarity from which two articles count as one story.
pub const NEAR_DUPLICATE: f32 = 0.5;

/// FNV-1a over the lower-cased word.
fn word_hash(word: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    if word.is_ascii() {
        for b in word.bytes() {
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
        }
        return h;
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u32>);

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Signature {
    /// Computes the signature of a text (case and punctuation are ignored).
    ///
    /// One-permutation hashing: each shingle is hashed once and lands in one of
    /// [`SIGNATURE_LEN`] buckets, which keep their minimum; empty buckets borrow from
    /// the next filled one (rotation densification). This costs one hash per shingle
    /// instead of one per shingle and signature slot.
    pub fn of(text: &str) -> Signature {
        let words: Vec<u64> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(word_hash)
            .collect();
        let mut mins = vec![u64::MAX; SIGNATURE_LEN];
        let n = words.len().saturating_sub(SHINGLE_WORDS - 1).max(1);
        for i in 0..n {
            let end = (i + SHINGLE_WORDS).min(words.len());
            let h = words[i..end]
                .iter()
                .fold(0x51_7CC1_B727_220A_u64, |acc, &w| splitmix64(acc ^ w));
            let bucket = (h % SIGNATURE_LEN as u64) as usize;
            mins[bucket] = mins[bucket].min(h / SIGNATURE_LEN as u64);
        }
        let filled: Vec<usize> = (0..SIGNATURE_LEN)
            .filter(|&i| mins[i] != u64::MAX)
            .collect();
        let out = (0..SIGNATURE_LEN)
            .map(|i| {
                if mins[i] != u64::MAX {
                    return mins[i] as u32 ^ (mins[i] >> 32) as u32;
                }
                // Borrow from the next filled bucket, marked with the distance so
                // borrowed values differ from real ones.
                match filled.iter().find(|&&j| j > i).or(filled.first()) {
                    Some(&j) => {
                        let dist = (j + SIGNATURE_LEN - i) % SIGNATURE_LEN;
                        splitmix64(mins[j] ^ dist as u64) as u32
                    }
                    None => 0,
                }
            })
            .collect();
        Signature(out)
    }

    /// The LSH band hashes: two signatures that share one are candidates. The band
    /// number is mixed in, so equal hashes always come from the same band.
    pub fn band_hashes(&self) -> Vec<u64> {
        self.0
            .chunks(BAND_ROWS)
            .enumerate()
            .map(|(band, rows)| {
                rows.iter()
                    .fold(band as u64, |h, &r| splitmix64(h ^ u64::from(r)))
            })
            .collect()
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn similarity(&self, other: &Signature) -> f32 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f32 / SIGNATURE_LEN as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Donald Trump and Vladimir Putin had their first official phone call on Saturday. According to the Kremlin, the two leaders had a pleasant conversation and agreed to join together to fight ISIS in Syria. The presidents agreed to remain in close contact.";

    #[test]
    fn same_story_with_different_furniture_is_a_near_duplicate() {
        let a = Signature::of(STORY);
        let b = Signature::of(&format!(
            "Skip ad\n{STORY}\nShare this article. Subscribe now!"
        ));
        assert!(a.similarity(&b) >= NEAR_DUPLICATE, "{}", a.similarity(&b));
        let shared = a
            .band_hashes()
            .iter()
            .filter(|k| b.band_hashes().contains(k))
            .count();
        assert!(shared > 0);
    }

    #[test]
    fn different_stories_are_not() {
        let a = Signature::of(STORY);
        let b = Signature::of(
            "Trump met Putin on the sidelines of the APEC summit in Vietnam and said they had good discussions about Syria and North Korea.",
        );
        assert!(a.similarity(&b) < 0.2, "{}", a.similarity(&b));
    }
}
