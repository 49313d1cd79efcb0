// Everything a trainer plugin needs: include this, derive from nip::sdk::Trainer, and
// register the class with NIP_REGISTER_TRAINER (see plugin.hpp).
#pragma once

#include "nip/sdk/abi.hpp"
#include "nip/sdk/artifacts.hpp"
#include "nip/sdk/checkpoints.hpp"
#include "nip/sdk/hyper_params.hpp"
#include "nip/sdk/log.hpp"
#include "nip/sdk/plugin.hpp"
#include "nip/sdk/progress.hpp"
#include "nip/sdk/protocol.hpp"
#include "nip/sdk/scenario.hpp"
#include "nip/sdk/settings.hpp"
#include "nip/sdk/state.hpp"
#include "nip/sdk/state_io.hpp"
#include "nip/sdk/state_parts.hpp"
#include "nip/sdk/trainer.hpp"
