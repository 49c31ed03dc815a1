// The abort reason of a controller shutdown (as opposed to a user's terminate of an operation).
export const SHUTDOWN = 'controller-shutdown';
