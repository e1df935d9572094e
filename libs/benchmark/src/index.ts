export { ALL_MODULES, isModuleName, moduleFromProto, moduleToProto, taskModules, type ModuleName } from './modules';
export { evaluateTask, itemRequest, predictionFromAnswer, type ItemOutcome, type ModuleRoute, type TaskEvalOptions, type TaskScore } from './evaluate-task';
export { forEachConcurrently } from './for-each-concurrently';
