/** Program generators: questions in, checked programs out (`gold`, `template`, `llm`, and chains of them). */
export type { GenerateRequest, GeneratedProgram, ProgramGenerator } from './generator';
export { GeneratorError, generatorError, isGeneratorError, type GeneratorErrorData, type GeneratorErrorReason } from './generator-error';
export { checkGenerated } from './check-generated';
export { createGoldGenerator, type GoldExample, type GoldGeneratorOptions } from './gold-generator';
export { createTemplateGenerator, type QuestionParser } from './template-generator';
export { createLlmGenerator, type LlmGeneratorOptions } from './llm-generator';
export { buildPromptMessages, programFromReply, type ChatMessage, type LlmExample } from './llm-prompt';
export { createGeneratorChain, selectGenerator } from './generator-chain';
