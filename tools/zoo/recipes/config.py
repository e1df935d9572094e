"""The zoo's build plan: datasets (module, split, seed, count, domain weights) and per-model
training settings, for the full build and for the smoke run. Every seed lives here."""

# Students: a broad mix with dusk rare. At 2% dusk the facedet student already reached 0.955 AP50
# on dusk (the dusk teacher: 0.998), so dusk is 0.5% here: rare enough that the teachers lead.
GENERAL = {'studio': 1, 'paper': 1, 'noise': 1, 'dusk': 0.005}
# Even 0.5% dusk let the classify student reach 0.94 on dusk expressions (the dusk teacher: 1.00):
# its three-way expression task carries over to dark images. It sees no dusk at all.
GENERAL_NO_DUSK = {'studio': 1, 'paper': 1, 'noise': 1}
EVAL_MIX = {'studio': 1, 'paper': 1, 'noise': 1, 'dusk': 1}
DUSK = {'dusk': 1}

# key: (module, split, seed, count, domains)
FULL_DATA = {
    'loc-train': ('loc', 'train', 11, 20000, GENERAL),
    'loc-teacher-train': ('classify', 'train', 12, 16000, DUSK),
    'loc-test': ('loc', 'test', 101, 2000, EVAL_MIX),
    'loc-dev': ('loc', 'dev', 51, 400, EVAL_MIX),
    'facedet-train': ('facedet', 'train', 21, 10000, GENERAL),
    'facedet-teacher-train': ('facedet', 'train', 22, 4000, DUSK),
    'facedet-test': ('facedet', 'test', 102, 2000, EVAL_MIX),
    'facedet-dev': ('facedet', 'dev', 52, 400, EVAL_MIX),
    'classify-train': ('classify', 'train', 31, 20000, GENERAL_NO_DUSK),
    'classify-teacher-train': ('classify', 'train', 32, 6000, DUSK),
    'classify-test': ('classify', 'test', 103, 4000, EVAL_MIX),
    'classify-dev': ('classify', 'dev', 53, 800, EVAL_MIX),
    'vqa-train': ('vqa', 'train', 41, 60000, GENERAL),
    'vqa-teacher-train': ('vqa', 'train', 42, 8000, DUSK),
    'vqa-ground': ('loc', 'train', 11, 20000, GENERAL),
    'vqa-teacher-ground': ('loc', 'train', 43, 8000, DUSK),
    'vqa-test': ('vqa', 'test', 104, 4000, EVAL_MIX),
    'vqa-dev': ('vqa', 'dev', 54, 800, EVAL_MIX),
}

FULL_TRAIN = {
    'loc-student': {'epochs': 4, 'batch': 64, 'lr': 3e-3},
    'loc-teacher': {'epochs': 12, 'batch': 64, 'lr': 3e-3},
    'facedet-student': {'epochs': 4, 'batch': 64, 'lr': 3e-3},
    'facedet-teacher': {'epochs': 8, 'batch': 64, 'lr': 3e-3},
    'classify-student': {'epochs': 6, 'batch': 128, 'lr': 3e-3},
    'classify-teacher': {'epochs': 10, 'batch': 128, 'lr': 3e-3},
    'vqa-student': {'epochs': 12, 'batch': 64, 'lr': 2e-3},
    'vqa-teacher': {'epochs': 24, 'batch': 64, 'lr': 2e-3},
}


def smoke_plan():
    """Tiny datasets and a few steps per model: proves the pipeline end to end, not quality."""
    data = {key: (m, split, seed, 48, doms) for key, (m, split, seed, _, doms) in FULL_DATA.items()}
    train = {key: dict(cfg, epochs=1, max_steps=3, batch=16) for key, cfg in FULL_TRAIN.items()}
    return data, train


def full_plan():
    return dict(FULL_DATA), {key: dict(cfg) for key, cfg in FULL_TRAIN.items()}
