-- The incept language server in Neovim's built-in LSP client (0.7+), headless:
--   INCEPT_LSP='["dotnet","/path/incept.dll","lsp"]' nvim --headless --clean -c 'luafile tests/editor/neovim/lsp_test.lua'
-- Opens a reference model, waits for its (empty) diagnostics, hovers a layer, asks for inlay hints, jumps to a
-- block, edits a line into an error and sees the located diagnostic, formats, shuts the server down. Exits
-- with 0 when every check passed, 1 otherwise, printing each check to stderr.
local root = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h:h')
local failures = 0

local function log(message) io.stderr:write(message .. '\n') end

local function check(name, condition, detail)
  if condition then
    log('ok   ' .. name)
  else
    failures = failures + 1
    log('FAIL ' .. name .. (detail and (': ' .. vim.inspect(detail)) or ''))
  end
end

local function finish()
  log(failures == 0 and 'all checks passed' or (failures .. ' check(s) failed'))
  vim.cmd(failures == 0 and 'qall!' or 'cquit! 1')
end

local ok, err = pcall(function()
  local command = vim.fn.json_decode(os.getenv('INCEPT_LSP') or '["incept", "lsp"]')
  local path = root .. '/dsl/inception_v3.incept'
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  vim.bo.filetype = 'incept'
  local buffer = vim.api.nvim_get_current_buf()
  local lines = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)
  local function find(needle)
    for i, line in ipairs(lines) do
      local column = line:find(needle, 1, true)
      if column then return i - 1, column - 1 end
    end
    error("'" .. needle .. "' is not in the file")
  end

  local published = {}
  local exit_code
  local client_id = vim.lsp.start_client({
    name = 'incept',
    cmd = command,
    root_dir = root,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(e, result, ctx, config)
        table.insert(published, result)
        vim.lsp.diagnostic.on_publish_diagnostics(e, result, ctx, config)
      end,
    },
    on_exit = function(code) exit_code = code end,
  })
  check('the client starts the server', client_id ~= nil)
  vim.lsp.buf_attach_client(buffer, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  check('diagnostics are published after open', vim.wait(20000, function() return #published > 0 end, 20))
  check('a reference model has no diagnostics', #vim.diagnostic.get(buffer) == 0, vim.diagnostic.get(buffer))

  local uri = vim.uri_from_bufnr(buffer)
  local function at(line, character) return { textDocument = { uri = uri }, position = { line = line, character = character } } end

  -- Hover on a layer: its shape in each instance of its block.
  local line, column = find('branch7x7_1 = conv c7 1x1')
  local hover = vim.lsp.buf_request_sync(buffer, 'textDocument/hover', at(line, column + 15), 10000)
  local text = hover and hover[client_id] and hover[client_id].result and hover[client_id].result.contents.value or ''
  check('hover shows the layer in each instance', text:find('| Mixed_6b | 768x17x17 | 128x17x17 |', 1, true) ~= nil, text)

  -- Inlay hints (Neovim 0.7 has no display for them; the request goes through its client all the same).
  local hints = client.request_sync('textDocument/inlayHint', {
    textDocument = { uri = uri },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = #lines, character = 0 } },
  }, 10000, buffer)
  local call_line = find('Mixed_6b = inception_c(128)')
  local found_hint
  for _, hint in ipairs(hints and hints.result or {}) do
    if hint.position.line == call_line then found_hint = hint.label end
  end
  check('an inlay hint gives the block call output shape', found_hint == '→ 768x17x17', found_hint)

  -- Go to definition: the call jumps to its block.
  local block_line = find('block inception_c')
  local definition = vim.lsp.buf_request_sync(buffer, 'textDocument/definition', at(call_line, 14), 10000)
  local target = definition and definition[client_id] and definition[client_id].result and definition[client_id].result[1]
  check('definition jumps from the call to the block', target ~= nil and target.range.start.line == block_line, target)

  -- Edit a line into an error: Neovim sends the change, the server answers with a located diagnostic.
  local broken_line, broken_column = find('branch1x1 = conv 64 1x1')
  local original = lines[broken_line + 1]
  vim.api.nvim_buf_set_lines(buffer, broken_line, broken_line + 1, false, { (original:gsub('conv 64', 'convv 64')) })
  check('the edit is diagnosed', vim.wait(20000, function() return #vim.diagnostic.get(buffer) > 0 end, 20))
  local diagnostic = vim.diagnostic.get(buffer)[1] or {}
  check('the diagnostic is located at the misspelt op', diagnostic.lnum == broken_line and diagnostic.col == broken_column + 12, diagnostic)
  check('the diagnostic has its code', diagnostic.code == 'INC0101' or (diagnostic.user_data and diagnostic.user_data.lsp and diagnostic.user_data.lsp.code == 'INC0101'), diagnostic)

  -- Repair it with messy spacing, then format: exactly what incept fmt writes.
  vim.api.nvim_buf_set_lines(buffer, broken_line, broken_line + 1, false, { (original:gsub('conv 64 1x1', 'conv   64    1x1')) })
  check('the repair clears the diagnostic', vim.wait(20000, function() return #vim.diagnostic.get(buffer) == 0 end, 20))
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ timeout_ms = 10000 })
  else
    vim.lsp.buf.formatting_sync(nil, 10000)
  end
  check('formatting restores the file', vim.api.nvim_buf_get_lines(buffer, broken_line, broken_line + 1, false)[1] == original,
    vim.api.nvim_buf_get_lines(buffer, broken_line, broken_line + 1, false)[1])

  -- Shut down: shutdown then exit, and the server ends with 0.
  vim.lsp.stop_client(client_id)
  check('the server exits with 0 after shutdown and exit', vim.wait(20000, function() return exit_code ~= nil end, 20) and exit_code == 0, exit_code)
end)

if not ok then
  failures = failures + 1
  log('FAIL the script raised: ' .. tostring(err))
end
finish()
