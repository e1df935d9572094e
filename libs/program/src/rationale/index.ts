/** The visual rationale of a run: a self-contained HTML page and the same content as JSON. */
export { rationaleJson } from './build-rationale';
export { renderRationaleHtml } from './render-rationale-html';
export type { RationaleDocument, RationaleError, RationaleImage, RationaleInput, RationaleStep } from './rationale-types';
