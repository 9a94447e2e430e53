//! The fitted answer model: a logistic score over the features of
//! [`super::ask::FEATURES`], one set of weights with the sentence encoder and one
//! without it (lexical only), each with its found/not-found threshold.
//!
//! Fitted by `benches/fit_answer.py` on the tuning half of the development questions
//! (`benches/questions/`); to refit, run `benches/run.sh answers` and paste the block
//! it prints here. Do not tune these by hand against single examples.

/// A fitted model: a linear ranking of candidate sentences (fitted listwise: which
/// sentence of a question's candidates answers it), and a logistic gate on the best
/// one that decides whether the archive answers at all.
#[derive(Debug)]
pub struct Model {
    /// Ranking weight of each feature.
    pub weights: [f32; 15],
    /// Added to every ranking score.
    pub bias: f32,
    /// Gate weights over the best candidate: its score, its lead over the runner-up,
    /// then its features.
    pub gate: [f32; 17],
    /// Added to the gate; the archive answers when the gate is at least 0.
    pub gate_bias: f32,
    /// Further answer sentences must score within this of the best one.
    pub margin: f32,
}

impl Model {
    /// The ranking score of a sentence with these features.
    pub fn score(&self, features: &[f32; 15]) -> f32 {
        self.bias + dot(&self.weights, features)
    }

    /// Whether the best candidate (score `best`, features `features`) answers, given
    /// the runner-up's score (`None` when it is the only candidate).
    pub fn answers(&self, best: f32, runner_up: Option<f32>, features: &[f32; 15]) -> bool {
        let lead = best - runner_up.unwrap_or(best - 5.0);
        let gate = self.gate_bias
            + self.gate[0] * best
            + self.gate[1] * lead
            + dot(&self.gate[2..], features);
        gate >= 0.0
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

// BEGIN FITTED (benches/fit_answer.py)
/// With the sentence encoder.
pub static SEMANTIC: Model = Model {
    weights: [
        13.2276, 1.7557, 5.5217, -0.0899, 4.4119, 1.8643, 0.9904, 1.1266, -1.0645, -0.3287, 1.9271,
        0.6332, 0.9521, -1.5347, -2.3137,
    ],
    bias: -10.9053,
    gate: [
        0.0112, 0.4684, 3.3053, -0.0402, 1.6143, 0.2033, -1.7210, -0.3022, 1.0028, 0.2142, -0.8082,
        -1.1118, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,
    ],
    gate_bias: -3.4788,
    margin: 2.0,
};

/// Words only (no encoder available).
pub static LEXICAL: Model = Model {
    weights: [
        0.0000, 0.0000, 0.0000, 3.4017, 6.5295, 4.0152, 1.8750, 1.2567, -1.1286, -0.7131, 2.5428,
        -0.0053, 0.8826, -2.1269, -2.2234,
    ],
    bias: -3.5161,
    gate: [
        0.1178, 0.3096, 0.0000, 0.0000, 0.0000, -1.8898, 1.1925, -0.6072, 0.3648, 0.7922, 0.4634,
        -0.2918, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,
    ],
    gate_bias: -1.9041,
    margin: 2.0,
};
// END FITTED
