/**
 * The Shapes world: vprog's embedded benchmark. Scenes with exact ground truth, their rendering,
 * the tasks (questions, gold programs, answers, metrics), the oracle module backend, the question
 * grammar and template parser, and the module datasets the model zoo trains on.
 */
export * from './vocabulary';
export type { Box, Decoy, Face, Scene, ShapeObject } from './scene';
export { createRng, type Rng } from './random';
export * from './image';
export * from './scene-gen';
export * from './render';
export { createWorldError, isWorldError, type WorldError, type WorldErrorReason } from './errors';

export { boxArea, boxToTuple, centreInside, centreX, centreY, fullRect, iou, tupleToBox } from './geometry/box';
export { paddedCrop, regionHalf, sideCrop, REGION_WORDS as REGION_HALVES, SIDE_CROPS, type RegionWord, type SideCrop } from './geometry/views';

export { GENERIC_NOUNS, matchesPhrase, parsePhrase, phraseText, type GenericNoun, type Phrase } from './language/phrase';
export { normaliseText, tokenize } from './language/text';
export { parseVqaQuestion, vqaQuestionText, vqaQuestionVariants, type VqaKind, type VqaQuery } from './language/vqa-question';
export type { Attribute, ImageQuestionSpec, PairSide, PairStatementSpec, QuestionForm, QuestionSpec, Relation } from './language/question-spec';
export { specToProgram } from './language/gold-program';

export { SPLITS, type BoxTuple, type GoldAnswer, type GoldTag, type Split, type TaskImage, type TaskItem } from './tasks/task-item';
export { TASKS, TASK_NAMES, getTask, type TaskDefinition, type TaskMetric } from './tasks/registry';
export { generateTaskItem, generateTaskItems, renderTaskImage, type TaskItemsOptions } from './tasks/generate-items';
export { groundTruth } from './tasks/ground-truth';
export type { Draft, Family } from './tasks/family';

export { createOracleBackend } from './oracle/oracle-backend';
export { answerInView, facesInView, locateInView, objectsInView, type SceneAnswer } from './oracle/scene-answers';

export { ANSWERS, WORDS } from './modules/vocab';
export { DEFAULT_DOMAIN_WEIGHTS, parseDomainWeights, type DomainWeights } from './modules/domain-weights';
export { MODULE_NAMES, type ClassifyItem, type FacedetItem, type LocItem, type ModuleImageSample, type ModuleItem, type ModuleName, type VqaItem } from './modules/module-items';
export { generateModuleSamples, moduleImageName, renderModuleImage, type ModuleSampleOptions } from './modules/generate-module-samples';

export { createDatasetHasher, hashDatasetFiles, jsonLines, type DatasetFile, type DatasetHasher } from './export/dataset-file';
export { moduleDatasetFiles } from './export/module-dataset-files';
export { taskImageFile, taskItemRecord, taskSampleFiles } from './export/task-sample-files';
export { previewHtml } from './export/preview-html';

export { parseQuestion, questionToProgram, type TemplateContext } from './template/question-to-program';
export { answersMatch, normaliseAnswer } from './metrics/normalise-answer';
export { predictionFromValue, type Prediction } from './metrics/prediction';
export { MATCH_IOU, aggregateScores, matchTags, scoreItem, type ItemScore } from './metrics/task-metrics';
export { runWithOracle } from './oracle/run-with-oracle';
export { BALANCE_LIMITS, formatBalanceTable, taskBalance, type FamilyBalance, type TaskBalance } from './tasks/balance';
