// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {KithSignatures} from "./abstract/KithSignatures.sol";
import {KithGraph} from "./abstract/KithGraph.sol";
import {KithPosts} from "./abstract/KithPosts.sol";

/// @title Kith
/// @notice An open on-chain social graph: profiles, follows, blocks and posts in one immutable
///         contract. There is no owner and nothing to upgrade.
/// @dev One contract rather than one per concept: every action checks the profile's custody, and a
///      call into a separate registry would add ~2,600 gas (cold account) to each post and follow.
contract Kith is KithGraph, KithPosts {
    /// @notice EIP-712 domain: name "Kith", version "1", this chain and this contract.
    constructor() KithSignatures("Kith", "1") {}
}
