/**
 * The metadata key with which a request picks the model version that serves it (e.g. a
 * candidate under evaluation); without it the active version answers. Part of the contract,
 * so clients and servers share one spelling.
 */
export const MODEL_VERSION_METADATA_KEY = 'x-vprog-model-version';

/** The `google.rpc.ErrorInfo.domain` of every error that vprog services return. */
export const ERROR_DOMAIN = 'vprog.dev';

/** The prefix of the `google.protobuf.Any` type URL of every packed message. */
export const TYPE_URL_PREFIX = 'type.googleapis.com/';
