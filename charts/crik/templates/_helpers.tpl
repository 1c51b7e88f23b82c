{{/* Name of the chart, or nameOverride. */}}
{{- define "crik.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Full name of the release's objects: fullnameOverride, or the release name when it already contains
the chart name, or "<release>-<chart>". It also names the Service, so it is cut to 63 characters.
*/}}
{{- define "crik.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "crik.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select the webhook's pods; they never change after installation. */}}
{{- define "crik.selectorLabels" -}}
app.kubernetes.io/name: {{ include "crik.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: webhook
{{- end -}}

{{/* The standard labels that do not tell the component. */}}
{{- define "crik.commonLabels" -}}
helm.sh/chart: {{ include "crik.chart" . }}
app.kubernetes.io/name: {{ include "crik.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: crik
{{- end -}}

{{/* The standard labels of the webhook's objects. */}}
{{- define "crik.labels" -}}
{{ include "crik.commonLabels" . }}
app.kubernetes.io/component: webhook
{{- end -}}

{{/* The standard labels of the "helm test" objects, which the Service must not select. */}}
{{- define "crik.testLabels" -}}
{{ include "crik.commonLabels" . }}
app.kubernetes.io/component: test
{{- end -}}

{{- define "crik.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "crik.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The image tag: image.tag, or the chart's appVersion. */}}
{{- define "crik.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag -}}
{{- end -}}

{{/* Full reference of the webhook image, as scripts/build-images names it. */}}
{{- define "crik.webhookImage" -}}
{{- printf "%s/%s:%s" .Values.image.registry .Values.webhook.image.repository (include "crik.imageTag" .) -}}
{{- end -}}

{{/* Full reference of the wrapper image, as scripts/build-images names it. */}}
{{- define "crik.wrapperImage" -}}
{{- printf "%s/%s:%s" .Values.image.registry .Values.wrapper.image.repository (include "crik.imageTag" .) -}}
{{- end -}}

{{/* Secret with the serving certificate: the self-managed or cert-manager one, or the given one. */}}
{{- define "crik.tlsSecretName" -}}
{{- if eq .Values.tls.mode "existingSecret" -}}
{{- required "tls.existingSecret.name is required when tls.mode is existingSecret" .Values.tls.existingSecret.name -}}
{{- else -}}
{{- printf "%s-tls" (include "crik.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* Namespaces that neither webhook ever calls for: the system ones and crik's own. */}}
{{- define "crik.excludedNamespaces" -}}
{{- $namespaces := list "kube-system" "kube-public" "kube-node-lease" .Release.Namespace -}}
{{- range .Values.webhook.excludedNamespaces -}}
{{- $namespaces = append $namespaces . -}}
{{- end -}}
{{- toJson (uniq $namespaces) -}}
{{- end -}}

{{/* "true" when the webhooks get matchConditions: forced by the values, or Kubernetes 1.28 and newer. */}}
{{- define "crik.matchConditions" -}}
{{- if eq .Values.webhook.matchConditions "enabled" -}}
true
{{- else if eq .Values.webhook.matchConditions "disabled" -}}
false
{{- else -}}
{{- semverCompare ">=1.28.0-0" .Capabilities.KubeVersion.Version -}}
{{- end -}}
{{- end -}}

{{/* Base URL of the node-state service that wrappers call: nodeState.url, or this chart's Service. */}}
{{- define "crik.nodeStateUrl" -}}
{{- if .Values.nodeState.url -}}
{{- .Values.nodeState.url -}}
{{- else -}}
{{- printf "http://%s.%s.svc:%d" (include "crik.fullname" .) .Release.Namespace (int .Values.service.plainPort) -}}
{{- end -}}
{{- end -}}
