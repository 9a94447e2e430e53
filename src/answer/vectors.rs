//! Sparse TF-IDF vectors of sentences, for similarity (redundancy, centrality).

use std::collections::HashMap;

/// A sparse, L2-normalised term vector.
#[derive(Debug, Clone, Default)]
pub struct TermVector(Vec<(u32, f32)>);

/// Interns terms to small integers and caches their weights.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
}

impl Vocabulary {
    fn id(&mut self, term: &str) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(term.to_string()).or_insert(next)
    }

    /// Builds the vector of `terms` (stop words already removed), weighting each
    /// term frequency by `idf(term)`.
    pub fn vector<'a>(
        &mut self,
        terms: impl IntoIterator<Item = &'a str>,
        mut idf: impl FnMut(&str) -> f32,
    ) -> TermVector {
        let mut counts: HashMap<u32, (f32, f32)> = HashMap::new();
        for t in terms {
            let id = self.id(t);
            let entry = counts.entry(id).or_insert_with(|| (0.0, idf(t)));
            entry.0 += 1.0;
        }
        let mut v: Vec<(u32, f32)> = counts
            .into_iter()
            .map(|(id, (tf, w))| (id, (1.0 + tf.ln()) * w))
            .collect();
        let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, x) in &mut v {
                *x /= norm;
            }
        }
        v.sort_unstable_by_key(|(id, _)| *id);
        TermVector(v)
    }
}

impl TermVector {
    /// Cosine similarity (both vectors are normalised).
    pub fn cosine(&self, other: &TermVector) -> f32 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_same_and_disjoint() {
        let mut vocab = Vocabulary::default();
        let a = vocab.vector(["putin", "trump", "summit"], |_| 1.0);
        let b = vocab.vector(["summit", "trump", "putin"], |_| 1.0);
        let c = vocab.vector(["syria", "isis"], |_| 1.0);
        assert!((a.cosine(&b) - 1.0).abs() < 1e-5);
        assert_eq!(a.cosine(&c), 0.0);
        assert_eq!(TermVector::default().cosine(&a), 0.0);
    }
}
