export type { RawImage, CropRect } from './raw-image';
export { createRawImage, encodePng, decodePng, cropImage } from './raw-image';
export type { ImageError } from './image-error';
export { createImageError, isImageError } from './image-error';
