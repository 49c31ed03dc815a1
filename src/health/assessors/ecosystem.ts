// The built-in checks for the custom resources platform teams deploy most, written from each project's docs.
import type { HealthAssessor } from '../types.js';
import {
  analysisAssessor,
  cronWorkflowAssessor,
  rolloutAssessor,
  workflowAssessor,
} from './argo-projects.js';
import { certificateAssessor, certificateRequestAssessor, issuerAssessor } from './cert-manager.js';
import { cnpgBackupAssessor, cnpgClusterAssessor, cnpgScheduledBackupAssessor } from './cloudnative-pg.js';
import { clusterApiAssessor, controlPlaneAssessor, machineHealthCheckAssessor } from './cluster-api.js';
import { compositeResourceDefinitionAssessor, crossplanePackageAssessor } from './crossplane.js';
import { fluxAssessor } from './flux.js';
import { istioConfigAssessor, istioOperatorAssessor } from './istio.js';
import { kedaAssessor } from './keda.js';
import { knativeAssessor } from './knative.js';
import { kyvernoPolicyAssessor, kyvernoUpdateRequestAssessor } from './kyverno.js';
import { prometheusConfigAssessor, prometheusServerAssessor } from './prometheus-operator.js';
import { externalSecretAssessor, sealedSecretAssessor, secretStoreAssessor } from './secrets-operators.js';
import { kafkaRebalanceAssessor, strimziAssessor } from './strimzi.js';
import { veleroLocationAssessor, veleroRunAssessor, veleroScheduleAssessor } from './velero.js';

export const ECOSYSTEM_ASSESSORS: readonly HealthAssessor[] = [
  certificateAssessor,
  certificateRequestAssessor,
  issuerAssessor,
  sealedSecretAssessor,
  externalSecretAssessor,
  secretStoreAssessor,
  rolloutAssessor,
  analysisAssessor,
  workflowAssessor,
  cronWorkflowAssessor,
  fluxAssessor,
  crossplanePackageAssessor,
  compositeResourceDefinitionAssessor,
  kedaAssessor,
  knativeAssessor,
  istioConfigAssessor,
  istioOperatorAssessor,
  prometheusServerAssessor,
  prometheusConfigAssessor,
  cnpgClusterAssessor,
  cnpgBackupAssessor,
  cnpgScheduledBackupAssessor,
  strimziAssessor,
  kafkaRebalanceAssessor,
  kyvernoPolicyAssessor,
  kyvernoUpdateRequestAssessor,
  veleroRunAssessor,
  veleroScheduleAssessor,
  veleroLocationAssessor,
  clusterApiAssessor,
  machineHealthCheckAssessor,
  controlPlaneAssessor,
];
