/** Generation of Shapes-world scenes with exact ground truth. */
export { generateScene, SIZE_WIDTHS } from './generate-scene';
export { resolveSceneOptions, SCENE_DEFAULTS, type SceneOptions, type ResolvedSceneOptions, type CountRange } from './scene-options';
export { apart, LAYOUT_GAP, LAYOUT_BORDER } from './layout';
