-- Argo CD health of a Vigil StreamMonitor, from the conditions the operator and the worker write
-- (crds/README.md). Ready is always written; the other conditions say why it is False.
local hs = {}

local function condition(conditions, type)
  if conditions == nil then return nil end
  for _, c in ipairs(conditions) do
    if c.type == type then return c end
  end
  return nil
end

local function text(c)
  if c.message ~= nil and c.message ~= "" then return c.reason .. ": " .. c.message end
  return c.reason or ""
end

local generation = obj.metadata.generation
local status = obj.status
if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator"
  return hs
end
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local ready = condition(status.conditions, "Ready")
if ready == nil or ready.status == "Unknown" then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
  return hs
end
if generation ~= nil and ready.observedGeneration ~= nil and ready.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Ready describes generation " .. ready.observedGeneration .. ", not " .. generation
  return hs
end

if ready.status == "True" then
  local defects = condition(status.conditions, "DefectsActive")
  if defects ~= nil and defects.status == "True" then
    hs.status = "Degraded"
    hs.message = "Defects open: " .. (status.activeDefectTypes or defects.message or "")
    return hs
  end
  hs.status = "Healthy"
  hs.message = text(ready)
  return hs
end

-- Ready False: why?
if ready.reason == "Suspended" then
  hs.status = "Suspended"
  hs.message = "Monitoring is suspended (spec.suspend)"
  return hs
end
if ready.reason == "NotScheduled" then
  local scheduled = condition(status.conditions, "Scheduled")
  if scheduled ~= nil and scheduled.reason == "NoPoolForDetectors" then
    -- more workers will not help: a pool carrying these detectors is missing
    hs.status = "Degraded"
    hs.message = text(scheduled)
    return hs
  end
  -- NoCapacity (the pool grows) or Pending: waiting for workers
  hs.status = "Progressing"
  hs.message = scheduled ~= nil and text(scheduled) or text(ready)
  return hs
end
if ready.reason == "StreamDown" then
  local up = condition(status.conditions, "StreamUp")
  if up == nil or up.status == "Unknown" or up.reason == "Connecting" then
    hs.status = "Progressing"
    hs.message = "Connecting to the source"
    return hs
  end
  hs.status = "Degraded"
  hs.message = "Stream down: " .. text(up)
  return hs
end
hs.status = "Degraded"
hs.message = text(ready)
return hs
