// The API server's errors live in the model (the API reads them without importing kube); kube code imports them here.
export * from '../model/api-error.js';
