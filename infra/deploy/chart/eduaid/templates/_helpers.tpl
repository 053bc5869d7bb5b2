{{/* Name prefix of every object: the release name. */}}
{{- define "eduaid.fullname" -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "eduaid.labels" -}}
app.kubernetes.io/part-of: eduaid
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The image of one target of infra/deploy/Dockerfile: pinned by digest when one is given. */}}
{{- define "eduaid.image" -}}
{{- $root := index . 0 -}}{{- $target := index . 1 -}}
{{- $digest := index ($root.Values.image.digests | default dict) $target | default "" -}}
{{- if $digest -}}
{{ $root.Values.image.repository }}/{{ $target }}@{{ $digest }}
{{- else -}}
{{ $root.Values.image.repository }}/{{ $target }}:{{ $root.Values.image.tag }}
{{- end -}}
{{- end -}}

{{- define "eduaid.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "eduaid.fullname" .)) -}}
{{- end -}}

{{/* Settings every process reads: the ConfigMap, the secrets, Temporal's TLS files. */}}
{{- define "eduaid.commonEnv" -}}
{{- if .Values.temporal.apiKey }}
- name: TEMPORAL_API_KEY_FILE
  value: /etc/eduaid/secrets/temporalApiKey
{{- end }}
{{- if .Values.temporal.tls.enabled }}
- name: TEMPORAL_TLS
  value: "true"
{{- if .Values.temporal.tls.clientCertificate }}
- name: TEMPORAL_TLS_CERT_FILE
  value: /etc/eduaid/temporal-tls/tls.crt
- name: TEMPORAL_TLS_KEY_FILE
  value: /etc/eduaid/temporal-tls/tls.key
{{- end }}
{{- if .Values.temporal.tls.privateCA }}
- name: TEMPORAL_TLS_CA_FILE
  value: /etc/eduaid/temporal-tls/ca.crt
{{- end }}
{{- if .Values.temporal.tls.serverName }}
- name: TEMPORAL_TLS_SERVER_NAME
  value: {{ .Values.temporal.tls.serverName | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "eduaid.tlsVolume" -}}
{{- if and .Values.temporal.tls.enabled (or .Values.temporal.tls.clientCertificate .Values.temporal.tls.privateCA) }}
- name: temporal-tls
  secret:
    secretName: {{ required "temporal.tls.secretName is needed for a client certificate or a private CA" .Values.temporal.tls.secretName }}
    defaultMode: 0440
{{- end }}
{{- end -}}

{{- define "eduaid.tlsMount" -}}
{{- if and .Values.temporal.tls.enabled (or .Values.temporal.tls.clientCertificate .Values.temporal.tls.privateCA) }}
- name: temporal-tls
  mountPath: /etc/eduaid/temporal-tls
  readOnly: true
{{- end }}
{{- end -}}

{{/* The task queue of a process, as the code names it: <prefix><name>. */}}
{{- define "eduaid.taskQueue" -}}
{{- printf "%s%s" (index . 0).Values.temporal.taskQueuePrefix (index . 1) -}}
{{- end -}}

{{/*
Secrets are files, never environment values: the eduaid Secret's keys a process needs, mounted at
/etc/eduaid/secrets and named by <NAME>_FILE (the config reads them at start). Arguments: root,
list of keys.
*/}}
{{- define "eduaid.secretsVolume" -}}
{{- $root := index . 0 -}}{{- $keys := index . 1 -}}
- name: secrets
  secret:
    secretName: {{ include "eduaid.secretName" $root }}
    defaultMode: 0440
    items:
      {{- range $keys }}
      - { key: {{ . }}, path: {{ . }} }
      {{- end }}
      {{- if $root.Values.temporal.apiKey }}
      - { key: temporalApiKey, path: temporalApiKey }
      {{- end }}
{{- end -}}

{{- define "eduaid.secretsMount" -}}
- name: secrets
  mountPath: /etc/eduaid/secrets
  readOnly: true
{{- end -}}
