import { model } from '@vprog/proto-ts';
import { Command } from 'commander';
import { DEFAULT_GUARDS, DEFAULT_TARGETS, parseSeed, parseTaskList, studyTasks } from './distill-options';
import { registerDistillCommands } from './distill';
import { MAX_PASSES, SIZE_PRESETS, STUDY_SIZES, parsePasses, parseStudySize, passSeed } from './distill-sizes';
import { mainJobTasks } from './start';
import { studyPlan } from './study';

describe('study options', () => {
  it('default to the three target tasks and every guard task', () => {
    expect(DEFAULT_TARGETS).toEqual(['gqa-shapes', 'nlvr-shapes', 'face-tag']);
    expect(DEFAULT_GUARDS).toEqual(['gqa-shapes-studio', 'gqa-shapes-paper', 'gqa-shapes-noise', 'shape-tag', 'refexp', 'size-qa']);
  });

  it('parse a task list in order, and refuse an unknown or repeated task naming the known ones', () => {
    expect(parseTaskList(' face-tag, gqa-shapes ,')).toEqual(['face-tag', 'gqa-shapes']);
    expect(() => parseTaskList('gqa-shapes,vqa-v2')).toThrow(/unknown task "vqa-v2"; known tasks: gqa-shapes, nlvr-shapes/);
    expect(() => parseTaskList('refexp,refexp')).toThrow('task "refexp" is listed twice');
    expect(() => parseTaskList(' , ')).toThrow('expected at least one task');
  });

  it('accept a seed that is a non-negative integer and refuse anything else', () => {
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed('42')).toBe(42);
    for (const bad of ['-1', '1.5', 'abc', '', '1e30']) expect(() => parseSeed(bad)).toThrow(`expected a seed (an integer ≥ 0), got "${bad}"`);
  });

  it('never guard a task that is being distilled', () => {
    expect(studyTasks(['gqa-shapes', 'refexp'], undefined).guards).toEqual(['gqa-shapes-studio', 'gqa-shapes-paper', 'gqa-shapes-noise', 'shape-tag', 'size-qa']);
    expect(studyTasks(['gqa-shapes'], ['size-qa'])).toEqual({ targets: ['gqa-shapes'], guards: ['size-qa'] });
    expect(() => studyTasks(['refexp'], ['refexp'])).toThrow(/every guard task is also a target/);
  });

  it('split the main job\'s task list by kind, keeping every guard when none is named', () => {
    expect(mainJobTasks(undefined)).toEqual({ targets: [...DEFAULT_TARGETS], guards: [...DEFAULT_GUARDS] });
    expect(mainJobTasks(['face-tag', 'shape-tag', 'gqa-shapes'])).toEqual({ targets: ['face-tag', 'gqa-shapes'], guards: ['shape-tag'] });
    expect(mainJobTasks(['nlvr-shapes'])).toEqual({ targets: ['nlvr-shapes'], guards: [...DEFAULT_GUARDS] });
  });
});

describe('size presets', () => {
  it('are known by name, and an unknown size is refused with the list', () => {
    expect(STUDY_SIZES.map(parseStudySize)).toEqual(['tiny', 'default', 'full']);
    expect(() => parseStudySize('huge')).toThrow('unknown size "huge"; known sizes: tiny, default, full');
  });

  it('grow from tiny to default to full in every count', () => {
    for (const key of ['testItems', 'trainExamples', 'devExamples', 'anchorExamples', 'rationaleItems'] as const) {
      expect(SIZE_PRESETS.tiny[key]).toBeLessThan(SIZE_PRESETS.default[key]);
      expect(SIZE_PRESETS.default[key]).toBeLessThan(SIZE_PRESETS.full[key]);
    }
    expect(SIZE_PRESETS.full.testItems).toBe(1000);
  });

  it('keep the gate thresholds and WiSE-FT α values in the ranges the coordinator accepts', () => {
    for (const preset of Object.values(SIZE_PRESETS)) {
      for (const value of [preset.minTargetGain, preset.maxGuardLoss]) expect(value >= 0 && value <= 1).toBe(true);
      expect(preset.wiseFtAlphas.length).toBeGreaterThan(0);
      for (const alpha of preset.wiseFtAlphas) expect(alpha > 0 && alpha <= 1).toBe(true);
      expect(new Set(preset.wiseFtAlphas).size).toBe(preset.wiseFtAlphas.length);
    }
  });
});

describe('passes', () => {
  it('accept 1 to MAX_PASSES and refuse anything else', () => {
    expect(parsePasses('1')).toBe(1);
    expect(parsePasses(String(MAX_PASSES))).toBe(MAX_PASSES);
    for (const bad of ['0', String(MAX_PASSES + 1), '1.5', 'two', '']) expect(() => parsePasses(bad)).toThrow(`--passes must be an integer from 1 to ${MAX_PASSES}, got "${bad}"`);
  });

  it('give each pass its own data seed, the study seed first, in both arms', () => {
    for (const arm of ['naive', 'sdvp'] as const) {
      expect(studyPlan('default', 4, 'face-tag', ['shape-tag'], arm).seeds).toEqual([4]);
      const seeds = [0, 1, 2].flatMap((pass) => studyPlan('default', 4, 'face-tag', ['shape-tag'], arm, pass).seeds);
      expect(seeds).toEqual([4, passSeed(4, 1), passSeed(4, 2)]);
    }
    // Passes of nearby study seeds never share data.
    const all = [0, 1, 2, 3].flatMap((seed) => [0, 1, 2, 3, 4].map((pass) => passSeed(seed, pass)));
    expect(new Set(all).size).toBe(all.length);
  });

  it('train both arms the way the size says, so naive and SDVP differ only in anchors and the gate', () => {
    for (const size of STUDY_SIZES) {
      for (const arm of ['naive', 'sdvp'] as const) {
        const mode = studyPlan(size, 1, 'face-tag', ['shape-tag'], arm).trainingMode;
        expect(mode).not.toBe(model.TrainingMode.TRAINING_MODE_UNSPECIFIED);
        expect(mode).toBe(SIZE_PRESETS[size].trainingMode);
      }
    }
  });
});

describe('vprog distill', () => {
  async function vprog(...args: string[]): Promise<string> {
    let out = '';
    const program = new Command('vprog').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerDistillCommands(program, { out: (t) => void (out += t), progressStream: { write: () => true } });
    await program.parseAsync(['distill', ...args], { from: 'user' });
    return out;
  }

  it('refuses an unknown task, a bad seed, an unknown size and a bad pass count with one clear line, before starting anything', async () => {
    await expect(vprog('--tasks', 'gqa-shapes,ocr')).rejects.toThrow(/option '--tasks <list>' argument 'gqa-shapes,ocr' is invalid\. unknown task "ocr"/);
    await expect(vprog('--seed', '-3')).rejects.toThrow(/expected a seed \(an integer ≥ 0\), got "-3"/);
    await expect(vprog('--size', 'medium')).rejects.toThrow(/unknown size "medium"/);
    await expect(vprog('--passes', '0')).rejects.toThrow(/--passes must be an integer from 1 to 5, got "0"/);
  });
});
