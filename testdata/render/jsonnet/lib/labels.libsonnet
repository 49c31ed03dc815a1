{
  labels(name):: { app: name, 'managed-by': 'driftless' },
}
