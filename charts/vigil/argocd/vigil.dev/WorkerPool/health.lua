-- Argo CD health of a Vigil WorkerPool, from the conditions the operator writes (crds/README.md).
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
local workers = (status.readyWorkers or 0) .. "/" .. (status.desiredWorkers or 0) .. " workers ready"

if ready.status == "False" then
  if ready.reason == "WorkersNotReady" then
    -- pods are starting (the API gives no deadline to tell a slow start from a stuck one)
    hs.status = "Progressing"
    hs.message = workers
    return hs
  end
  hs.status = "Degraded"
  hs.message = text(ready)
  return hs
end

local scaled = condition(status.conditions, "ScaledToDemand")
if scaled ~= nil and scaled.status == "False" then
  if scaled.reason == "AtMaxWorkers" then
    -- demand exceeds maxWorkers x capacity: some monitors stay unplaced until the spec changes
    hs.status = "Degraded"
    hs.message = text(scaled)
    return hs
  end
  hs.status = "Progressing"
  hs.message = text(scaled) .. " (" .. workers .. ")"
  return hs
end
hs.status = "Healthy"
hs.message = workers
return hs
