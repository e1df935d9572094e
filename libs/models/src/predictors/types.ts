import type { Detection, Rect, RgbImage } from '../image';

/** Options of a detection call (LOC, FACEDET). */
export interface DetectOptions {
  /** Keep boxes scoring strictly above this; default: the manifest's `decode.operatingThreshold`, else 0.05. */
  readonly scoreThreshold?: number;
  /** Return at most this many boxes; default 20. */
  readonly maxBoxes?: number;
}

/** One LOC request: find `phrase` in the `view` of `image`. */
export interface LocateRequest {
  readonly image: RgbImage;
  readonly view: Rect;
  readonly phrase: string;
  readonly options?: DetectOptions;
}

/** One FACEDET request. */
export interface DetectFacesRequest {
  readonly image: RgbImage;
  readonly view: Rect;
  readonly options?: DetectOptions;
}

/** One CLASSIFY request: score each box against `categories`. */
export interface ClassifyRequest {
  readonly image: RgbImage;
  readonly boxes: readonly Rect[];
  readonly categories: readonly string[];
}

/** CLASSIFY's answer for one box: the best category and every category's probability (request order). */
export interface BoxClassification {
  readonly label: string;
  readonly scores: number[];
}

/** One VQA request. */
export interface AnswerRequest {
  readonly image: RgbImage;
  readonly view: Rect;
  readonly question: string;
  /** How many ranked answers to return (default 5). */
  readonly topK?: number;
}

/** VQA's answer: the best answer, its probability, and the top-k distribution. */
export interface VqaAnswer {
  readonly answer: string;
  readonly score: number;
  readonly topK: ReadonlyArray<{ readonly answer: string; readonly probability: number }>;
  /** The probability of every answer of the module's vocabulary, in vocabulary order. */
  readonly distribution: readonly number[];
}

/** Fields every predictor shares. */
export interface PredictorBase {
  /** The model's name and version, e.g. `loc-student@v1`. */
  readonly id: string;
  readonly role: 'student' | 'teacher';
}

/** LOC served by a student or a teacher (through its adapter). */
export interface LocPredictor extends PredictorBase {
  readonly module: 'loc';
  /** False when the model cannot express the phrase (a teacher and a size word). */
  canLocate(phrase: string): boolean;
  /** Boxes of `phrase` in the view, root pixels, best first. @throws ModelError OUTSIDE_LABEL_SPACE, INVALID_INPUT. */
  locate(image: RgbImage, view: Rect, phrase: string, options?: DetectOptions): Promise<Detection[]>;
  /** {@link locate} for many requests in one batched run. */
  locateMany(requests: readonly LocateRequest[]): Promise<Detection[][]>;
}

/** FACEDET served by a student or a teacher. */
export interface FacedetPredictor extends PredictorBase {
  readonly module: 'facedet';
  /** Face boxes in the view, root pixels, best first. @throws ModelError INVALID_INPUT. */
  detectFaces(image: RgbImage, view: Rect, options?: DetectOptions): Promise<Detection[]>;
  detectFacesMany(requests: readonly DetectFacesRequest[]): Promise<Detection[][]>;
}

/** CLASSIFY served by a student or a teacher. */
export interface ClassifyPredictor extends PredictorBase {
  readonly module: 'classify';
  /** False when the model cannot score these categories (a teacher and words outside its labels). */
  canClassify(categories: readonly string[]): boolean;
  /** One result per box. @throws ModelError OUTSIDE_LABEL_SPACE, INVALID_INPUT. */
  classify(image: RgbImage, boxes: readonly Rect[], categories: readonly string[]): Promise<BoxClassification[]>;
  classifyMany(requests: readonly ClassifyRequest[]): Promise<BoxClassification[][]>;
}

/** VQA served by a student or a teacher. */
export interface VqaPredictor extends PredictorBase {
  readonly module: 'vqa';
  /** The answers this predictor reports over (the module's whole vocabulary). */
  readonly answers: readonly string[];
  /** False when the model cannot answer this kind of question (a teacher and a size question). */
  canAnswer(question: string): boolean;
  /** @throws ModelError OUTSIDE_LABEL_SPACE, INVALID_INPUT. */
  answer(image: RgbImage, view: Rect, question: string, topK?: number): Promise<VqaAnswer>;
  answerMany(requests: readonly AnswerRequest[]): Promise<VqaAnswer[]>;
}

/** Any module predictor. */
export type ModulePredictor = LocPredictor | FacedetPredictor | ClassifyPredictor | VqaPredictor;
