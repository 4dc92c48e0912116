{{/* metadata: of every object. Call with (dict "p" $.Values "name" NAME). */}}
{{- define "bench.metadata" -}}
metadata:
  name: {{ .name | toJson }}
  namespace: {{ .p.namespace | toJson }}
  labels:
{{- range $k, $v := .p.labels }}
    {{ $k | toJson }}: {{ $v | toJson }}
{{- end }}
{{- with .p.annotations }}
  annotations: {{ toJson . }}
{{- end }}
{{- end -}}

{{/* An HTTP probe. Call with the probe model. */}}
{{- define "bench.probe" -}}
httpGet:
  path: {{ .path | toJson }}
  port: {{ .port }}
initialDelaySeconds: {{ .initialDelaySeconds }}
periodSeconds: {{ .periodSeconds }}
timeoutSeconds: {{ .timeoutSeconds }}
failureThreshold: {{ .failureThreshold }}
{{- end -}}

{{/* One container as a list item. Call with (dict "p" $.Values "c" CONTAINER "ports" LIST). */}}
{{- define "bench.container" -}}
{{- $p := .p -}}
- name: {{ .c.name | toJson }}
  image: {{ .c.image | toJson }}
{{- with .c.command }}
  command: {{ toJson . }}
{{- end }}
{{- with .c.args }}
  args: {{ toJson . }}
{{- end }}
{{- with .c.env }}
  env:
{{- range . }}
  - name: {{ .name | toJson }}
{{- if hasKey . "secret" }}
    valueFrom:
      secretKeyRef:
        name: {{ $p.name | toJson }}
        key: {{ .secret | toJson }}
{{- else }}
    value: {{ .value | toJson }}
{{- end }}
{{- end }}
{{- end }}
{{- with .ports }}
  ports:
{{- range . }}
  - name: {{ .name | toJson }}
    containerPort: {{ .port }}
    protocol: TCP
{{- end }}
{{- end }}
  resources:
{{- range $kind := list "requests" "limits" }}
{{- with (index $.c.resources $kind) }}
    {{ $kind }}: {{ toJson . }}
{{- end }}
{{- end }}
{{- with .c.liveness }}
  livenessProbe:
    {{- include "bench.probe" . | nindent 4 }}
{{- end }}
{{- with .c.readiness }}
  readinessProbe:
    {{- include "bench.probe" . | nindent 4 }}
{{- end }}
{{- with .c.volumes }}
  volumeMounts:
{{- range . }}
  - name: {{ .name | toJson }}
    mountPath: {{ .mountPath | toJson }}
{{- with .subPath }}
    subPath: {{ toJson . }}
{{- end }}
{{- if .readOnly }}
    readOnly: true
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Pod volumes backing the mounts. */}}
{{- define "bench.podVolumes" -}}
{{- range . }}
- name: {{ .name | toJson }}
{{- if .pvc }}
  persistentVolumeClaim:
    claimName: {{ .pvc | toJson }}
{{- else if .configmap }}
  configMap:
    name: {{ .configmap | toJson }}
{{- else }}
  emptyDir: {}
{{- end }}
{{- end }}
{{- end -}}
