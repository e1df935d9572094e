/** Rendering of Shapes-world scenes to pixels, and the image helpers the rest of vprog uses. */
export { renderScene } from './render-scene';
export { COLOUR_RGB, FACE_TONES } from './palette';
export { DOMAIN_STYLES, type DomainStyle } from './domain-style';
export { shapeAspect, shapeHeight, isTightBox } from './shape-geometry';
export type { RawImage, CropRect, ImageError } from '../image';
export { createRawImage, encodePng, decodePng, cropImage, createImageError, isImageError } from '../image';
