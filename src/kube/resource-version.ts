// resourceVersion ordering lives in the model (the API compares versions too); kube code imports it here.
export * from '../model/resource-version.js';
